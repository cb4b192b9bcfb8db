package dev.llmcost.collector.read;

/**
 * Where a collection reads its records from: the host's Chronicle Queue ({@link QueueReader}) or, for a fleet, the
 * Kafka topic the shippers produce to ({@code kafka.KafkaSource}). Both give queue documents, one at a time.
 */
public interface DocumentSource extends AutoCloseable {

    /** The next document, or {@code null} when none is there yet. */
    QueueReader.Document next();

    @Override
    void close();
}
