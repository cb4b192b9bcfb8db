package dev.llmcost.collector.kafka;

import dev.llmcost.collector.CollectorException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates llmcost's topics when they are missing, with the cluster's default replication (so a real cluster's
 * policy applies); a topic that exists, whoever made it, is used as it is. Shippers and collectors may start in
 * any order and at the same moment ("already exists" is success), so each creates what it needs; a cluster whose
 * operators create topics themselves may not let llmcost do it: then the topics only have to be there.
 */
public final class KafkaTopics {

    /** Partitions of a new calls topic: the most collectors one group can spread over. */
    public static final int DEFAULT_CALLS_PARTITIONS = 6;

    /**
     * A topic of positions (the shippers', the collector shards'), where only each key's latest record matters, read
     * whole at every start: one partition, compacted, with small segments so that compaction (which never touches
     * the active segment) keeps it at about one record per key.
     */
    private static final Map<String, String> POSITIONS_CONFIG = Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "600000",
            "segment.bytes", "8388608",
            "min.cleanable.dirty.ratio", "0.1");

    private KafkaTopics() {
    }

    /** The calls topic, with {@code partitions} when it is created here. */
    public static void ensureCalls(Admin admin, KafkaConnection connection, int partitions)
            throws CollectorException, ExecutionException, InterruptedException {
        ensure(admin, new NewTopic(connection.topic(), Optional.of(partitions), Optional.empty()), connection);
    }

    /** A compacted positions topic ({@link KafkaConnection#shipPositionsTopic()}, {@code collectCommitsTopic()}). */
    public static void ensurePositions(Admin admin, String topic, KafkaConnection connection)
            throws CollectorException, ExecutionException, InterruptedException {
        ensure(admin, new NewTopic(topic, Optional.of(1), Optional.empty()).configs(POSITIONS_CONFIG), connection);
    }

    private static void ensure(Admin admin, NewTopic topic, KafkaConnection connection)
            throws CollectorException, ExecutionException, InterruptedException {
        try {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic.name())) {
                return;
            }
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("no answer from the brokers in 30 s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return; // created by another shipper or collector in the meantime
            }
            if (e.getCause() instanceof AuthorizationException) {
                throw new CollectorException("the topic " + topic.name() + " does not exist and this client may "
                        + "not create it (" + e.getCause().getMessage() + "); create it (" + connection.topic()
                        + ": any number of partitions; " + connection.shipPositionsTopic() + " and "
                        + connection.collectCommitsTopic() + ": cleanup.policy=compact) or grant CREATE");
            }
            throw e;
        }
    }

    /** Waits until every one of {@code topics} has its partitions' leaders (just created, or the cluster restarted). */
    public static void awaitLeaders(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(description -> description.partitions().stream().allMatch(p -> p.leader() != null));
            } catch (java.util.concurrent.TimeoutException e) {
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("the partitions of " + topics
                        + " have no leader");
            }
            Thread.sleep(200);
        }
    }
}
