package dev.llmcost.collector.ship;

import dev.llmcost.collector.CollectorException;
import dev.llmcost.collector.kafka.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates the calls topic and the shipper positions topic when they are missing. Another shipper may create them
 * at the same moment ("already exists" is success), and a cluster whose operators create topics themselves may not
 * let this client do it: then the topics only have to be there. The replication factor is the cluster's default.
 */
final class ShipTopics {

    /** Positions are tiny and read whole by every shipper at start: one partition, compacted, rolled often. */
    static final Map<String, String> POSITIONS_CONFIG = Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "600000",
            "min.cleanable.dirty.ratio", "0.1");

    private ShipTopics() {
    }

    static void ensure(Admin admin, KafkaConnection connection, int partitions)
            throws CollectorException, ExecutionException, InterruptedException {
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(connection.topic(), Optional.of(partitions), Optional.empty()));
        wanted.add(new NewTopic(connection.shipPositionsTopic(), Optional.of(1), Optional.empty())
                .configs(POSITIONS_CONFIG));
        Set<String> existing = admin.listTopics().names().get();
        for (NewTopic topic : wanted) {
            if (existing.contains(topic.name())) {
                continue;
            }
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue; // created by another shipper in the meantime
                }
                if (e.getCause() instanceof AuthorizationException) {
                    throw new CollectorException("the topic " + topic.name() + " does not exist and this client "
                            + "may not create it (" + e.getCause().getMessage() + "); create it (calls topic: "
                            + "any number of partitions; " + connection.shipPositionsTopic()
                            + ": cleanup.policy=compact) or grant CREATE");
                }
                throw e;
            }
        }
    }
}
