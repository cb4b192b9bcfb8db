package dev.llmcost.collector.ship;

import dev.llmcost.collector.CollectorException;
import dev.llmcost.collector.kafka.KafkaConnection;
import dev.llmcost.collector.kafka.KafkaTopics;
import dev.llmcost.collector.kafka.ShippedRecords;
import dev.llmcost.collector.read.QueueReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * One connection of a shipper to Kafka: its transactional producer (initialised, so any transaction an earlier
 * incarnation of this shipper left open is finished and that incarnation fenced) and the position it committed
 * last. Any failure ends the session: the next one starts again from the position Kafka holds, never from what this
 * process believes it sent.
 */
final class KafkaSession implements AutoCloseable {

    private final KafkaConnection connection;
    private final String shipperId;
    private final byte[] shipperIdBytes;
    private final String queueDirectory;
    private final PositionStore positions;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaSession(KafkaConnection connection, String shipperId, String queueDirectory, Admin admin,
                         KafkaProducer<byte[], byte[]> producer) {
        this.connection = connection;
        this.shipperId = shipperId;
        this.shipperIdBytes = shipperId.getBytes(StandardCharsets.UTF_8);
        this.queueDirectory = queueDirectory;
        this.positions = new PositionStore(connection, shipperId);
        this.admin = admin;
        this.producer = producer;
    }

    /** The transactional id: one per shipper id, so a restarted shipper fences the one it replaces. */
    static String transactionalId(String shipperId) {
        return "llmcost-ship-" + shipperId;
    }

    /**
     * Connects, creates the topics if missing, initialises the transactions and reads the shipper's position.
     *
     * @return the session and, through {@link #position}, where to read the queue from
     */
    static Opened open(KafkaConnection connection, String shipperId, String queueDirectory, int partitions,
                       BooleanSupplier stopRequested)
            throws CollectorException, ExecutionException, InterruptedException {
        Admin admin = Admin.create(adminProperties(connection, shipperId));
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            KafkaTopics.ensureCalls(admin, connection, partitions);
            KafkaTopics.ensurePositions(admin, connection.shipPositionsTopic(), connection);
            producer = new KafkaProducer<>(producerProperties(connection, shipperId), new ByteArraySerializer(),
                    new ByteArraySerializer());
            producer.initTransactions();
            KafkaSession session = new KafkaSession(connection, shipperId, queueDirectory, admin, producer);
            return new Opened(session, session.positions.read(admin, stopRequested));
        } catch (CollectorException | ExecutionException | InterruptedException | RuntimeException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    record Opened(KafkaSession session, ShipPosition position) {
    }

    /**
     * Ships {@code documents} and the position after them in one transaction.
     *
     * @return the position committed
     * @throws org.apache.kafka.common.KafkaException when the transaction did not commit (or may not have: the
     *                                                 next session reads which)
     */
    ShipPosition ship(List<QueueReader.Document> documents, ShipPosition from) {
        long corrupt = 0;
        long shipped = 0;
        producer.beginTransaction();
        for (QueueReader.Document document : documents) {
            if (document.unreadable()) {
                corrupt++;
                continue;
            }
            producer.send(record(document));
            shipped++;
        }
        ShipPosition to = from.advancedTo(documents.get(documents.size() - 1).index(), shipped, corrupt);
        producer.send(positions.record(to, queueDirectory));
        producer.commitTransaction(); // flushes the sends; throws if any failed
        return to;
    }

    private ProducerRecord<byte[], byte[]> record(QueueReader.Document document) {
        String agentId = RecordFields.of(document.bytes()).agentId();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ShippedRecords.HEADER_SHIPPER, shipperIdBytes);
        headers.add(ShippedRecords.HEADER_QUEUE_INDEX,
                Long.toHexString(document.index()).getBytes(StandardCharsets.US_ASCII));
        byte[] key = agentId == null ? shipperIdBytes : agentId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(connection.topic(), null, null, key, document.bytes(), headers);
    }

    /** Orderly (a stop between transactions). */
    @Override
    public void close() {
        closeWithin(Duration.ofSeconds(5));
    }

    /** After a failure: nothing is waited for, the next session's initTransactions settles what was in flight. */
    void abandon() {
        closeWithin(Duration.ZERO);
    }

    private void closeWithin(Duration timeout) {
        try {
            producer.close(timeout);
        } finally {
            admin.close(timeout);
        }
    }

    private static Properties producerProperties(KafkaConnection connection, String shipperId) {
        Properties properties = connection.clientProperties("llmcost-ship-" + shipperId);
        // Defaults under the user's file: quick to notice an outage (each call fails within seconds and is retried
        // with backoff), transactions short enough that a dead shipper's open one does not block readers long.
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        properties.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // What exactly-once rests on: never from the file (KafkaConnection refuses a file that sets them).
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(shipperId));
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    private static Properties adminProperties(KafkaConnection connection, String shipperId) {
        Properties properties = connection.clientProperties("llmcost-ship-" + shipperId + "-admin");
        properties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return properties;
    }
}
