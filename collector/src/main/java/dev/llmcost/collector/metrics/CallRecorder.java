package dev.llmcost.collector.metrics;

/** A metrics output that wants a committed batch's calls by group, not only the series' totals (OTLP). */
interface CallRecorder {

    /** One committed group; {@code overflowed}: past the series cap, its labels are to be {@code __overflow__}. */
    void record(CallGroup group, boolean overflowed);
}
