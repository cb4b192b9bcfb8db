package dev.llmcost.agent.queue;

/**
 * One document in the queue: what agents write and the collector reads. Each is one JSON object (see
 * {@link QueueRecordCodec}); none ever holds prompt or completion text, API keys or headers.
 */
public sealed interface QueueRecord permits CallRecord, CountersRecord {

    /** Format version written in every record, so a newer collector can read older queues. */
    int VERSION = 1;
}
