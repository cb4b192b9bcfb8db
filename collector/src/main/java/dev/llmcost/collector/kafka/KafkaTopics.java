package dev.llmcost.collector.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates llmcost's topics when they are missing, with the cluster's default replication (so a real cluster's
 * policy applies); a topic that exists, whoever made it, is used as it is. Shippers and collectors may start in
 * any order, so each creates what it needs.
 */
public final class KafkaTopics {

    /** Partitions of a new calls topic: the most collectors one group can spread over. */
    public static final int DEFAULT_CALLS_PARTITIONS = 6;

    private KafkaTopics() {
    }

    /** {@code compacted}: a topic of positions, where only each key's latest record matters. */
    public static void ensure(Admin admin, String topic, int partitions, boolean compacted)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
        if (compacted) {
            // Small segments, so that compaction (which never touches the active segment) keeps the topic at about
            // one record per key: it is read from the start whenever a shipper or collector starts.
            newTopic.configs(Map.of("cleanup.policy", "compact", "segment.ms", "600000",
                    "segment.bytes", "8388608", "min.cleanable.dirty.ratio", "0.1"));
        }
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Waits until every one of {@code topics} has its partitions' leaders (just created, or the cluster restarted). */
    public static void awaitLeaders(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(description -> description.partitions().stream().allMatch(p -> p.leader() != null));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the partitions of " + topics + " have no leader");
            }
            Thread.sleep(200);
        }
    }
}
