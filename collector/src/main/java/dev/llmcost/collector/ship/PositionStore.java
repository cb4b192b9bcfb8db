package dev.llmcost.collector.ship;

import dev.llmcost.collector.kafka.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The shippers' positions topic: a compacted topic keyed by shipper id, each value a {@link ShipPosition} written in
 * the transaction that ships the records up to it. Read back only after {@code initTransactions()}, which has
 * finished (committed or aborted) whatever transaction this shipper's previous incarnation left open, so the last
 * committed value for the shipper's key is exactly where the shipped records end.
 */
final class PositionStore {

    /** Covers another shipper's transaction holding the partition's last stable offset back for its whole timeout. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaConnection connection;
    private final String shipperId;
    private final byte[] key;

    PositionStore(KafkaConnection connection, String shipperId) {
        this.connection = connection;
        this.shipperId = shipperId;
        this.key = shipperId.getBytes(StandardCharsets.UTF_8);
    }

    ProducerRecord<byte[], byte[]> record(ShipPosition position, String queueDirectory) {
        return new ProducerRecord<>(connection.shipPositionsTopic(), key, position.toJson(queueDirectory));
    }

    /**
     * The shipper's last committed position, reading every partition of the topic with {@code read_committed}
     * up to the end it had when called: not just up to the last stable offset, which another shipper's open
     * transaction can hold before this shipper's own last commit.
     */
    ShipPosition read(Admin admin, BooleanSupplier stopRequested)
            throws ExecutionException, InterruptedException {
        Properties properties = connection.clientProperties("llmcost-ship-" + shipperId + "-positions");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(connection.shipPositionsTopic())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            Map<TopicPartition, Long> ends = highWatermarks(admin, partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ShipPosition position = ShipPosition.START;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnds(consumer, ends)) {
                if (stopRequested.getAsBoolean()) {
                    throw new InterruptedException("stopped while reading the ship positions");
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the ship positions topic " + connection.shipPositionsTopic()
                            + " was not readable to its end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && Arrays.equals(record.key(), key) && record.value() != null) {
                        position = ShipPosition.fromJson(record.value());
                    }
                }
            }
            return position;
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
