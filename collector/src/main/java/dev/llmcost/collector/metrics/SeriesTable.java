package dev.llmcost.collector.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spend series, one per label combination, capped: past {@code maxSeries} combinations a call is counted under
 * the one combination whose every label is {@value #OVERFLOW}, and the calls so counted are counted too — totals stay
 * whole, only their breakdown is cut. A combination, once admitted, stays until the collector stops.
 *
 * <p>Changed on the collecting thread, a batch at a time ({@link #add}); read by scrapes and exports from a
 * published copy, so that a reader never waits for the collector and never sees half a batch.
 */
public final class SeriesTable {

    public static final String OVERFLOW = "__overflow__";

    /** What a reader sees: every series' totals as of one committed batch, and the calls past the cap. */
    public record Snapshot(Map<List<String>, SeriesTotals> series, long overflowCalls) {
    }

    private final int maxSeries;
    private final List<String> overflowKey;
    private final Map<List<String>, SeriesTotals> totals = new HashMap<>();
    private final Set<List<String>> admitted = new HashSet<>();
    private long overflowCalls;
    private volatile Snapshot published = new Snapshot(Map.of(), 0);

    public SeriesTable(int dimensions, int maxSeries) {
        this.maxSeries = maxSeries;
        this.overflowKey = Collections.nCopies(dimensions, OVERFLOW);
    }

    public int maxSeries() {
        return maxSeries;
    }

    /**
     * The combination a call with these label values is counted under: its own while there is room, else the
     * overflow combination (and the call is counted as overflowed).
     */
    List<String> admit(List<String> values) {
        if (admitted.contains(values)) {
            return values;
        }
        if (admitted.size() < maxSeries) {
            admitted.add(values);
            return values;
        }
        overflowCalls++;
        return overflowKey;
    }

    /** Whether these label values have their own combination (were admitted). */
    boolean admitted(List<String> values) {
        return admitted.contains(values);
    }

    /** Adds one batch's sums and publishes the result. */
    void add(Map<List<String>, SeriesTotals.Sum> batch) {
        batch.forEach((key, sum) -> totals.put(key, totals.getOrDefault(key, SeriesTotals.ZERO).plus(sum)));
        published = new Snapshot(Map.copyOf(totals), overflowCalls);
    }

    public Snapshot snapshot() {
        return published;
    }
}
