package dev.llmcost.collector.metrics;

import dev.llmcost.collector.price.PricedCall;

/** A metrics output that wants each committed call, not totals (OTLP's histograms). */
interface CallRecorder {

    /** One committed call; {@code overflowed}: past the series cap, its labels are to be {@code __overflow__}. */
    void record(PricedCall call, boolean overflowed);
}
