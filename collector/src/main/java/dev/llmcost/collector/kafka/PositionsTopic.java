package dev.llmcost.collector.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Reads a compacted positions topic (the shippers' {@code <topic>.ship-positions}, the collector shards'
 * {@code <topic>.collect-commits}) whole, as a shipper or collector does when it starts, after its
 * {@code initTransactions()} has settled its own last transaction. Every partition is read {@code read_committed}
 * from its start up to the high watermark it had when the read began — not merely up to the last stable offset,
 * which another producer's open transaction can hold before this one's own last commit: a read stopping there
 * would miss that commit and take an earlier position for the last.
 */
public final class PositionsTopic {

    /** Covers another producer's open transaction holding the partition back for its whole timeout (60 s). */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private PositionsTopic() {
    }

    /** Hands every committed record's key and value to {@code record}, in each partition's order. */
    public static void readAll(KafkaConnection connection, Admin admin, String topic, String clientId,
                               BooleanSupplier stopRequested, BiConsumer<byte[], byte[]> record)
            throws ExecutionException, InterruptedException {
        Properties properties = connection.clientProperties(clientId);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            Map<TopicPartition, Long> ends = highWatermarks(admin, partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnds(consumer, ends)) {
                if (stopRequested.getAsBoolean()) {
                    throw new InterruptedException("stopped while reading " + topic);
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(topic + " was not readable to its end within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> read : consumer.poll(Duration.ofMillis(200))) {
                    record.accept(read.key(), read.value());
                }
            }
        }
    }

    private static Map<TopicPartition, Long> highWatermarks(Admin admin, List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Under read_committed a position past an offset means every record before it is decided and was seen. */
    private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
