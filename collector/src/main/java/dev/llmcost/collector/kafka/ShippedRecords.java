package dev.llmcost.collector.kafka;

/**
 * What a shipped record on the calls topic looks like, written by {@code ship} and read by {@code collect --kafka}:
 * the value is the queue document's bytes unchanged (one UTF-8 JSON queue record, as the agent wrote it), the key
 * the agent's id (so one agent's records stay in order on one partition), and two headers that say where it came
 * from, for tracing a record back to a host's queue.
 */
public final class ShippedRecords {

    /** The shipper's id (stable per queue directory). */
    public static final String HEADER_SHIPPER = "llmcost.shipper";
    /** The record's index in that shipper's queue, in hexadecimal as the collector prints queue indexes. */
    public static final String HEADER_QUEUE_INDEX = "llmcost.queue_index";

    private ShippedRecords() {
    }
}
