package dev.llmcost.agent.schema;

/** The two JSON forms of a call: the agent's queue record, and the collector's ledger row. */
public enum RecordForm {
    /** What agents write and the collector reads: for machines (epoch milliseconds), with the agent's id. */
    QUEUE,
    /** What the collector writes for people and their tools: ISO times, no agent id, the call's price added. */
    LEDGER
}
