package dev.llmcost.agent.capture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's running totals, written to the queue so that the collector can report what was not recorded as
 * well as what was. Contention-free ({@link LongAdder}): they are bumped on application threads.
 */
public final class AgentCounters {

    /** Calls handed to the ring. */
    public final LongAdder captured = new LongAdder();
    /** Calls dropped because the ring was full (the application never waits for the agent). */
    public final LongAdder droppedRingFull = new LongAdder();
    /** Calls whose body the agent did not keep, being over its memory budget. */
    public final LongAdder notCaptured = new LongAdder();
    /** Successful responses without usage. */
    public final LongAdder usageMissing = new LongAdder();
    /** Responses closed or failed before their usage arrived. */
    public final LongAdder usageIncomplete = new LongAdder();
    /** Response bodies that could not be parsed. */
    public final LongAdder parseFailures = new LongAdder();
    /** Error responses (4xx/5xx), which providers do not bill. */
    public final LongAdder errorResponses = new LongAdder();
    /** Requests that got no response at all. */
    public final LongAdder transportErrors = new LongAdder();
    /** Calls that never completed: the application dropped the response unread, or no response came. */
    public final LongAdder abandoned = new LongAdder();
    /** Records that could not be written to the queue (queue unavailable, disk full). */
    public final LongAdder queueWriteFailures = new LongAdder();

    public Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("captured", captured.sum());
        values.put("dropped_ring_full", droppedRingFull.sum());
        values.put("not_captured", notCaptured.sum());
        values.put("usage_missing", usageMissing.sum());
        values.put("usage_incomplete", usageIncomplete.sum());
        values.put("parse_failures", parseFailures.sum());
        values.put("error_responses", errorResponses.sum());
        values.put("transport_errors", transportErrors.sum());
        values.put("abandoned", abandoned.sum());
        values.put("queue_write_failures", queueWriteFailures.sum());
        return values;
    }
}
