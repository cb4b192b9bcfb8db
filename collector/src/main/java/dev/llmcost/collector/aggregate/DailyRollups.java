package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.price.PricedCall;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Ledger calls summed by day × provider × model × feature × customer × team × environment. */
public final class DailyRollups {

    private final Map<RollupKey, RollupTotals> rows = new TreeMap<>();
    /**
     * One instance of each dimension value: rows repeat the same customers and features day after day, and each
     * call's record brings its own copies.
     */
    private final Map<String, String> values = new java.util.HashMap<>();

    /** Adds the call to its row; returns the row's key. */
    public RollupKey add(PricedCall priced) {
        CallRecord call = priced.call();
        RollupKey key = new RollupKey(priced.day(), call.provider(), call.model(), call.feature(), call.customer(),
                call.team(), call.environment());
        RollupTotals totals = rows.get(key);
        if (totals == null) {
            key = new RollupKey(key.day(), shared(key.provider()), shared(key.model()), shared(key.feature()),
                    shared(key.customer()), shared(key.team()), shared(key.environment()));
            totals = new RollupTotals();
            rows.put(key, totals);
        }
        totals.add(priced);
        return key;
    }

    private String shared(String value) {
        return value == null ? null : values.computeIfAbsent(value, v -> v);
    }

    /** Restores a row from saved state. */
    public void put(RollupKey key, RollupTotals totals) {
        rows.put(new RollupKey(key.day(), shared(key.provider()), shared(key.model()), shared(key.feature()),
                shared(key.customer()), shared(key.team()), shared(key.environment())), totals);
    }

    public Map<RollupKey, RollupTotals> rows() {
        return rows;
    }

    /** The rows summed again by another grouping (for example feature × customer), sorted by its key. */
    public <K extends Comparable<K>> Map<K, RollupTotals> regroup(Function<RollupKey, K> grouping) {
        Map<K, RollupTotals> grouped = new TreeMap<>();
        rows.forEach((key, totals) -> grouped.computeIfAbsent(grouping.apply(key), k -> new RollupTotals())
                .add(totals));
        return grouped;
    }
}
