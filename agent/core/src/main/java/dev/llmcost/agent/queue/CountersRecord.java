package dev.llmcost.agent.queue;

import java.util.Map;

/**
 * An agent's running totals, written periodically and at shutdown. Values are cumulative since that agent
 * started, so a reader keeps the latest record per {@code agentId} and never double counts.
 */
public record CountersRecord(String agentId, String service, long timestampMillis, long pid,
                             Map<String, Long> counters) implements QueueRecord {

    public CountersRecord {
        counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    }
}
