package dev.llmcost.collector.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.sink.Sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The metrics as a sink, so that they move only with what the checkpoint commits: a batch's calls are held from
 * {@link #accept} on, set aside at {@link #flush}, and counted at {@link #committed} — after the checkpoint that
 * holds them was saved. A batch that is never committed (the collector dies first) is never counted; the restarted
 * collector counts from zero (its counters reset, which Prometheus' {@code rate} and {@code increase} expect) and
 * is not given again what the checkpoint already holds. Its position in the checkpoint is empty: there is nothing
 * durable to return to.
 */
public final class MetricsSink implements Sink {

    private final SeriesDimensions dimensions;
    private final SeriesTable table;
    private final List<CallRecorder> recorders;
    private final HealthSource healthSource;
    private final CollectorMetrics published;
    private final LongSupplier clock;
    private List<PricedCall> pending = new ArrayList<>();
    private List<PricedCall> flushed = new ArrayList<>();
    /** When the last call counted was written to the queue (it ended): how old the reading position is. */
    private long lastCallWrittenMillis;

    MetricsSink(SeriesDimensions dimensions, SeriesTable table, List<CallRecorder> recorders,
                HealthSource healthSource, CollectorMetrics published, LongSupplier clock) {
        this.dimensions = dimensions;
        this.table = table;
        this.recorders = recorders;
        this.healthSource = healthSource;
        this.published = published;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void accept(PricedCall call) {
        pending.add(call);
    }

    @Override
    public JsonNode flush() {
        flushed.addAll(pending);
        pending = new ArrayList<>();
        return JsonNodeFactory.instance.objectNode();
    }

    /** Nothing was counted that the checkpoint does not hold: a batch not committed is dropped. */
    @Override
    public boolean rollBack(JsonNode position) {
        pending.clear();
        flushed.clear();
        return true;
    }

    @Override
    public void committed() {
        if (!flushed.isEmpty()) {
            count(flushed);
            flushed = new ArrayList<>();
        }
        CollectorHealth health = healthSource.current();
        double lagSeconds = health.lagRecords() > 0 && lastCallWrittenMillis > 0
                ? Math.max(0, clock.getAsLong() - lastCallWrittenMillis) / 1000.0 : 0;
        published.health(health.withLagSeconds(lagSeconds));
    }

    private void count(List<PricedCall> calls) {
        Map<List<String>, SeriesTotals.Sum> batch = new HashMap<>();
        for (PricedCall call : calls) {
            List<String> values = dimensions.values(call.call());
            List<String> key = table.admit(values);
            batch.computeIfAbsent(key, k -> new SeriesTotals.Sum()).add(call);
            boolean overflowed = key != values;
            for (CallRecorder recorder : recorders) {
                recorder.record(call, overflowed);
            }
            lastCallWrittenMillis = Math.max(lastCallWrittenMillis,
                    call.call().timestampMillis() + call.call().durationMillis());
        }
        table.add(batch);
    }

    @Override
    public void close() {
        pending.clear();
        flushed.clear();
    }
}
