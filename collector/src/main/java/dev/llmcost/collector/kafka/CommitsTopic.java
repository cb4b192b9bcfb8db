package dev.llmcost.collector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

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

    /** Every shard's latest committed position, read to the end of the topic as it is now. */
    public static Map<String, ShardPosition> latest(KafkaConnection connection, Duration timeout)
            throws TimeoutException {
        Properties properties = connection.clientProperties("llmcost-collect-commits-reader");
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        Map<String, ShardPosition> latest = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(connection.collectCommitsTopic(), timeout);
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + connection.collectCommitsTopic() + " took over "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ShardPosition position = parse(record.value());
                    if (position != null) {
                        latest.put(position.shard(), position);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new TimeoutException("cannot read " + connection.collectCommitsTopic() + ": " + e.getMessage());
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
