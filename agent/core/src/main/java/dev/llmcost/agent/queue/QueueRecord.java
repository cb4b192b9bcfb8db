package dev.llmcost.agent.queue;

/**
 * One document in the queue: what agents write and the collector reads. Each is one JSON object (see
 * {@link QueueRecordCodec}); none ever holds prompt or completion text, API keys or headers.
 */
public sealed interface QueueRecord permits CallRecord, CountersRecord {

    /**
     * Format version written in every record, so a newer collector can read older queues. 2: a call's fields are
     * always all written, {@code null} when unknown; version 1 left out {@code cache_write_1h_tokens} when there
     * were none (or, in older agents, always), {@code service_tier} and {@code environment} when unknown. Both
     * read the same: an absent field is {@code null}, and absent one-hour cache writes of reported usage are 0.
     */
    int VERSION = 2;
}
