package dev.llmcost.collector.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.sink.Sink;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /**
     * A batch, added up by label values as it is given (not yet admitted: the cap is applied when it is counted),
     * and by the groups OTLP tells apart when it is on.
     */
    private Batch pending = new Batch();
    private Batch flushed = new Batch();
    /** When the last call counted was written to the queue (it ended): how old the reading position is. */
    private long lastCallWrittenMillis;

    /** One batch's calls, summed by their label values, in the order each combination first came. */
    private static final class Batch {
        final Map<List<String>, SeriesTotals.Sum> sums = new LinkedHashMap<>();
        final Map<CallGroup.Key, CallGroup> groups = new HashMap<>();
        long lastCallWrittenMillis;

        boolean isEmpty() {
            return sums.isEmpty();
        }
    }

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
        List<String> values = dimensions.values(call.call());
        pending.sums.computeIfAbsent(values, k -> new SeriesTotals.Sum()).add(call);
        if (!recorders.isEmpty()) {
            pending.groups.computeIfAbsent(CallGroup.Key.of(values, call.call()), CallGroup::new).add(call);
        }
        pending.lastCallWrittenMillis = Math.max(pending.lastCallWrittenMillis,
                call.call().timestampMillis() + call.call().durationMillis());
    }

    /** What was given so far is what the checkpoint about to be saved holds: it is counted once that is saved. */
    @Override
    public JsonNode flush() {
        if (!pending.isEmpty()) {
            if (flushed.isEmpty()) {
                flushed = pending;
            } else {
                pending.sums.forEach((values, sum) -> flushed.sums.computeIfAbsent(values,
                        k -> new SeriesTotals.Sum()).add(sum));
                pending.groups.forEach((key, group) -> flushed.groups.computeIfAbsent(key, CallGroup::new)
                        .add(group));
                flushed.lastCallWrittenMillis = Math.max(flushed.lastCallWrittenMillis,
                        pending.lastCallWrittenMillis);
            }
            pending = new Batch();
        }
        return JsonNodeFactory.instance.objectNode();
    }

    /** Nothing was counted that the checkpoint does not hold: a batch not committed is dropped. */
    @Override
    public boolean rollBack(JsonNode position) {
        pending = new Batch();
        flushed = new Batch();
        return true;
    }

    @Override
    public void committed() {
        if (!flushed.isEmpty()) {
            count(flushed);
            flushed = new Batch();
        }
        CollectorHealth health = healthSource.current();
        double lagSeconds = health.lagRecords() > 0 && lastCallWrittenMillis > 0
                ? Math.max(0, clock.getAsLong() - lastCallWrittenMillis) / 1000.0 : 0;
        published.health(health.withLagSeconds(lagSeconds));
    }

    private void count(Batch batch) {
        Map<List<String>, SeriesTotals.Sum> admitted = new HashMap<>();
        batch.sums.forEach((values, sum) -> admitted.computeIfAbsent(table.admit(values),
                k -> new SeriesTotals.Sum()).add(sum));
        for (CallGroup group : batch.groups.values()) {
            boolean overflowed = !table.admitted(group.key.values());
            for (CallRecorder recorder : recorders) {
                recorder.record(group, overflowed);
            }
        }
        lastCallWrittenMillis = Math.max(lastCallWrittenMillis, batch.lastCallWrittenMillis);
        table.add(admitted);
    }

    @Override
    public void close() {
        pending = new Batch();
        flushed = new Batch();
    }
}
