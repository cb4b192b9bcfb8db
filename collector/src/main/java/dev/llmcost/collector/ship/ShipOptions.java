package dev.llmcost.collector.ship;

import dev.llmcost.collector.kafka.KafkaConnection;

import java.nio.file.Path;

/**
 * What {@code ship} was asked to do.
 *
 * @param follow           keep shipping as agents write (else ship what is there and exit)
 * @param partitions       partitions of the calls topic when ship creates it
 * @param batchSize        records per transaction at most
 * @param pollMillis       how long to wait for new records when the queue has none
 * @param statusEveryMillis how often --follow prints its lag line
 * @param backoffCapMillis the longest wait between two attempts to reach Kafka
 */
public record ShipOptions(Path queue, KafkaConnection connection, boolean follow, int partitions, int batchSize,
                          int pollMillis, long statusEveryMillis, long backoffCapMillis) {
}
