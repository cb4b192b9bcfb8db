package dev.llmcost.collector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one collector shard (one output directory collecting from Kafka) stands: its id (its producer's
 * transactional id, its key in the commits topic), its consumer group, the number of its last commit, and the
 * next offset to read of every partition it has read. Saved in the output's checkpoint and, in the same Kafka
 * transaction as the group's offsets, in the commits topic: a restart that finds a checkpoint written but not
 * known to be committed compares the commit numbers to tell which one happened.
 */
public final class ShardPosition {

    private final String shard;
    private final String group;
    private long commitSeq;
    /** Partition number → the next offset to read, for every partition this shard has read. */
    private final Map<Integer, Long> offsets = new TreeMap<>();

    public ShardPosition(String shard, String group, long commitSeq, Map<Integer, Long> offsets) {
        this.shard = shard;
        this.group = group;
        this.commitSeq = commitSeq;
        this.offsets.putAll(offsets);
    }

    /** A new shard for an output directory: its name, and a random part so that two directories never share one. */
    public static ShardPosition fresh(String directoryName, String group) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = directoryName.replaceAll("[^A-Za-z0-9._-]", "_");
        return new ShardPosition(name + "-" + HexFormat.of().formatHex(random), group, 0, Map.of());
    }

    public String shard() {
        return shard;
    }

    public String group() {
        return group;
    }

    public long commitSeq() {
        return commitSeq;
    }

    public Map<Integer, Long> offsets() {
        return Collections.unmodifiableMap(offsets);
    }

    /** The next commit: its number, and the offsets it moves forward. */
    public void advance(Map<Integer, Long> consumed) {
        commitSeq++;
        offsets.putAll(consumed);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("shard", shard);
        node.put("group", group);
        node.put("commit_seq", commitSeq);
        ObjectNode offsetsNode = node.putObject("offsets");
        offsets.forEach((partition, offset) -> offsetsNode.put(Integer.toString(partition), offset));
        return node;
    }

    /** {@code null} for a missing node. */
    public static ShardPosition fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        node.path("offsets").fields().forEachRemaining(f -> offsets.put(Integer.parseInt(f.getKey()),
                f.getValue().asLong()));
        return new ShardPosition(node.path("shard").asText(), node.path("group").asText(),
                node.path("commit_seq").asLong(), offsets);
    }
}
