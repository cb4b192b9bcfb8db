package dev.llmcost.collector.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a shipper stands in its queue, as committed on the positions topic in the same transaction as the records
 * up to it: the last queue index shipped (or skipped as corrupt), and running totals of records shipped and corrupt
 * excerpts skipped over the shipper's whole life (so they survive restarts and can be checked against the queue).
 */
public record ShipPosition(long queueIndex, long shipped, long corrupt) {

    /** Nothing shipped yet: read the queue from its start. */
    public static final ShipPosition START = new ShipPosition(-1, 0, 0);

    private static final ObjectMapper JSON = new ObjectMapper();

    public ShipPosition advancedTo(long index, long moreShipped, long moreCorrupt) {
        return new ShipPosition(index, shipped + moreShipped, corrupt + moreCorrupt);
    }

    public byte[] toJson(String queueDirectory) {
        ObjectNode node = JSON.createObjectNode();
        if (queueIndex >= 0) {
            node.put("queue_index", Long.toHexString(queueIndex));
        }
        node.put("shipped", shipped);
        node.put("corrupt", corrupt);
        node.put("queue", queueDirectory);
        node.put("at_ms", System.currentTimeMillis());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the value is not a position this version wrote */
    public static ShipPosition fromJson(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode index = node.get("queue_index");
            return new ShipPosition(index == null ? -1 : Long.parseLong(index.asText(), 16),
                    node.path("shipped").asLong(), node.path("corrupt").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a ship position: " + e.getMessage(), e);
        }
    }

    /** The index as the collector prints queue indexes. */
    public String describeIndex() {
        return queueIndex < 0 ? "the queue's start" : "queue index " + Long.toHexString(queueIndex);
    }
}
