package dev.llmcost.collector.metrics;

/** The collector's figures, read on the collecting thread after each commit (the state is not shared). */
@FunctionalInterface
public interface HealthSource {

    CollectorHealth current();
}
