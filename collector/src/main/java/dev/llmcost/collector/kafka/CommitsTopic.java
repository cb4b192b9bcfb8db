package dev.llmcost.collector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The compacted topic {@code <topic>.collect-commits}: one record per shard commit, keyed by the shard's id, written
 * in the transaction that commits the group's offsets and read back with {@code read_committed}. It answers the
 * one question a restart cannot answer from its own disk: did the last transaction commit? (its commit number is
 * the shard's latest here, or not). It also keeps each group's offsets should the group's own expire.
 */
public final class CommitsTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommitsTopic() {
    }

    /** The record a commit writes: the shard's position after it. */
    static byte[] value(ShardPosition position, String topic) {
        ObjectNode node = position.toJson();
        node.put("topic", topic);
        node.put("at", Instant.now().toString());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every shard's latest committed position, the topic read whole (see {@link PositionsTopic} for why to its high
     * watermark).
     */
    public static Map<String, ShardPosition> latest(KafkaConnection connection, BooleanSupplier stopRequested)
            throws ExecutionException, InterruptedException {
        Map<String, ShardPosition> latest = new TreeMap<>();
        Properties properties = connection.clientProperties("llmcost-collect-commits-admin");
        properties.putIfAbsent("default.api.timeout.ms", "30000");
        Admin admin = Admin.create(properties);
        try {
            PositionsTopic.readAll(connection, admin, connection.collectCommitsTopic(),
                    "llmcost-collect-commits-reader", stopRequested, (key, value) -> {
                        ShardPosition position = parse(value);
                        if (position != null) {
                            latest.put(position.shard(), position);
                        }
                    });
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
        return latest;
    }

    /** The highest next offset any shard of {@code group} committed for each partition. */
    public static Map<Integer, Long> groupOffsets(Map<String, ShardPosition> latest, String group) {
        Map<Integer, Long> offsets = new TreeMap<>();
        latest.values().stream().filter(position -> position.group().equals(group))
                .forEach(position -> position.offsets().forEach((p, o) -> offsets.merge(p, o, Math::max)));
        return offsets;
    }

    private static ShardPosition parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            return ShardPosition.fromJson(node);
        } catch (IOException | RuntimeException unreadable) {
            return null; // not ours to judge: a record some other tool put there
        }
    }
}
