package dev.llmcost.collector.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Commits a shard's consumed offsets to its consumer group in a Kafka transaction, together with the record of the
 * commit in the commits topic. Its transactional id is the shard's, so a restarted collector fences the one it
 * replaces ({@code initTransactions}), and the group's generation fences a member that lost its partitions in a
 * rebalance (KIP-447): offsets are committed by the member that read them, or not at all.
 */
public final class ShardCommitter implements AutoCloseable {

    private final KafkaConnection connection;
    private final String shard;
    private final KafkaProducer<byte[], byte[]> producer;

    public ShardCommitter(KafkaConnection connection, String shard) {
        this.connection = connection;
        this.shard = shard;
        Properties properties = connection.clientProperties("llmcost-collect-" + shard);
        properties.put("transactional.id", "llmcost-collect-" + shard);
        properties.put("enable.idempotence", "true");
        properties.put("acks", "all");
        properties.put("max.block.ms", "30000");
        properties.put("transaction.timeout.ms", "60000");
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
    }

    /**
     * Fences an earlier instance of this shard and completes its last transaction, committed or aborted: after it,
     * the commits topic says which.
     */
    public void start() {
        producer.initTransactions();
    }

    /**
     * Commits {@code consumed} (partition → next offset) for the group, and {@code position} (already advanced to
     * this commit's number) in the commits topic, as one transaction. A failure aborts it (where the producer still
     * can) and is thrown: whether it committed is then told by the commits topic on restart.
     */
    public void commit(ShardPosition position, Map<Integer, Long> consumed, ConsumerGroupMetadata group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        consumed.forEach((partition, next) -> offsets.put(new TopicPartition(connection.topic(), partition),
                new OffsetAndMetadata(next)));
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(connection.collectCommitsTopic(),
                    shard.getBytes(StandardCharsets.UTF_8), CommitsTopic.value(position, connection.topic())));
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
        } catch (ProducerFencedException fenced) {
            throw fenced;
        } catch (KafkaException failed) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // The restart reads the commits topic; nothing depends on this abort having happened.
            }
            throw failed;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
