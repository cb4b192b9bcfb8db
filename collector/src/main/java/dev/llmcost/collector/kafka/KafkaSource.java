package dev.llmcost.collector.kafka;

import dev.llmcost.collector.read.DocumentSource;
import dev.llmcost.collector.read.QueueReader;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The calls topic as a collector shard reads it: a member of the consumer group, reading {@code read_committed}
 * (only what shippers' transactions committed) with offsets committed by {@link ShardCommitter}, never
 * automatically. Each record becomes the next document of the shard's own sequence, whose numbers its checkpoint
 * and sinks use as a local collector uses queue indexes.
 *
 * <p>The loop polls only when everything polled before is committed, so a rebalance (inside a poll) never takes a
 * partition with records read but not committed: the new owner starts exactly where this shard's files end.
 */
public final class KafkaSource implements DocumentSource, ConsumerRebalanceListener {

    private final KafkaConnection connection;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ShardPosition position;
    /** What the commits topic last said each partition was read up to by this group, should the group's expire. */
    private final Map<Integer, Long> groupFallback;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> polled = new ArrayDeque<>();
    /** Partition → next offset, of what was read since the last commit. */
    private final Map<Integer, Long> uncommitted = new TreeMap<>();
    /** With {@code --once}: each assigned partition's end (its last stable offset) when it was assigned. */
    private final Map<Integer, Long> endsWhenAssigned = new HashMap<>();
    private final boolean everyPartition;
    private long lastIndex;
    private volatile String assignmentError;
    private int assignments;

    /**
     * {@code lastIndex}: the number of the last document this shard processed. {@code everyPartition}: this shard
     * must be assigned every partition of the topic (budgets: evaluated over all the calls, by one collector).
     */
    public KafkaSource(KafkaConnection connection, ShardPosition position, Map<Integer, Long> groupFallback,
                       long lastIndex, int maxPollRecords, int pollMillis, boolean everyPartition) {
        this.connection = connection;
        this.position = position;
        this.groupFallback = groupFallback;
        this.lastIndex = lastIndex;
        this.everyPartition = everyPartition;
        Properties properties = connection.clientProperties("llmcost-collect-" + position.shard());
        properties.put("group.id", position.group());
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("max.poll.records", Integer.toString(maxPollRecords));
        // A collector killed hands its partitions on after this long, not the default 45 s.
        properties.put("session.timeout.ms", "15000");
        properties.put("heartbeat.interval.ms", "3000");
        // One transaction per poll: let the broker gather a poll's worth rather than answer each record at once.
        properties.put("fetch.min.bytes", "65536");
        properties.put("fetch.max.wait.ms", Integer.toString(pollMillis));
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(connection.topic()), this);
    }

    /** Polls once more, when all polled before was read and committed; returns whether records came. */
    public boolean poll(Duration timeout) {
        if (!polled.isEmpty() || !uncommitted.isEmpty()) {
            throw new IllegalStateException("polled with records not committed");
        }
        consumer.poll(timeout).forEach(polled::add);
        return !polled.isEmpty();
    }

    /** Why this shard cannot go on with the partitions it was given ({@code --budgets} without all), or null. */
    public String assignmentError() {
        return assignmentError;
    }

    @Override
    public QueueReader.Document next() {
        ConsumerRecord<byte[], byte[]> record = polled.poll();
        if (record == null) {
            return null;
        }
        uncommitted.put(record.partition(), record.offset() + 1);
        lastIndex++;
        return new QueueReader.Document(lastIndex, record.value(), origin(record));
    }

    /** Where a record came from, for the warning and {@code rejected/} when it cannot be read. */
    private static String origin(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder origin = new StringBuilder("Kafka record ").append(record.topic()).append('-')
                .append(record.partition()).append('@').append(record.offset());
        Header shipper = record.headers().lastHeader(ShippedRecords.HEADER_SHIPPER);
        Header index = record.headers().lastHeader(ShippedRecords.HEADER_QUEUE_INDEX);
        if (shipper != null) {
            origin.append(" (shipper ").append(new String(shipper.value(), StandardCharsets.UTF_8));
            if (index != null) {
                origin.append(", queue record ").append(new String(index.value(), StandardCharsets.UTF_8));
            }
            origin.append(')');
        }
        return origin.toString();
    }

    /** Partition → next offset of what was read since the last commit (empty: nothing to commit). */
    public Map<Integer, Long> uncommitted() {
        return Map.copyOf(uncommitted);
    }

    /** The commit of {@link #uncommitted()} happened. */
    public void committed() {
        uncommitted.clear();
    }

    public ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    /** Whether partitions were assigned and each was read up to where it ended when it was assigned. */
    public boolean readToAssignedEnds() {
        if (assignments == 0 || consumer.assignment().isEmpty()) {
            return false;
        }
        for (TopicPartition partition : consumer.assignment()) {
            Long end = endsWhenAssigned.get(partition.partition());
            if (end != null && consumer.position(partition) < end) {
                return false;
            }
        }
        return true;
    }

    /** Records on the assigned partitions not read yet, as the consumer last knew it; -1 when it does not know. */
    public long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(partition);
            if (behind.isEmpty()) {
                return -1;
            }
            lag += behind.getAsLong();
        }
        return lag;
    }

    /**
     * Whether the consumer has a connection to any broker now: while it has none, polls return nothing, and the
     * loop says once that Kafka is unreachable (the client's own warnings are silenced: one a second).
     */
    public boolean connected() {
        for (var metric : consumer.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-count")
                    && metric.getKey().group().equals("consumer-metrics")) {
                Object value = metric.getValue().metricValue();
                return !(value instanceof Double count) || count > 0;
            }
        }
        return true;
    }

    /** The partitions this shard holds now, for messages. */
    public List<Integer> assignment() {
        return consumer.assignment().stream().map(TopicPartition::partition).sorted().toList();
    }

    /**
     * A partition is read from the group's committed offset — the only one that knows what other shards read of
     * it — or, should this shard's own checkpoint or the commits topic be further (offsets expired or reset), from
     * there: a shard never reads twice what its files hold.
     */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assignments++;
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata group = committed.get(partition);
            long from = group != null ? group.offset() : groupFallback.getOrDefault(partition.partition(), -1L);
            from = Math.max(from, position.offsets().getOrDefault(partition.partition(), -1L));
            if (from >= 0 && (group == null || from != group.offset())) {
                consumer.seek(partition, from);
            }
        }
        consumer.endOffsets(partitions).forEach((partition, end) -> endsWhenAssigned.put(partition.partition(), end));
        if (everyPartition) {
            int all = consumer.partitionsFor(connection.topic()).size();
            if (consumer.assignment().size() < all) {
                assignmentError = "with --budgets, one collector must read every partition of " + connection.topic()
                        + " (budgets are over all the calls), but group " + position.group() + " gave this one "
                        + consumer.assignment().size() + " of " + all + "; run the budgets collector alone in its own "
                        + "group (--group llmcost-budgets) and the sharded collectors without --budgets";
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing read is uncommitted here (see the class comment); what is forgotten is each partition's end.
        partitions.forEach(partition -> endsWhenAssigned.remove(partition.partition()));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
