package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.price.PricedCall;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Ledger calls summed by day × provider × model × feature × customer × team × environment. */
public final class DailyRollups {

    private final Map<RollupKey, RollupTotals> rows = new TreeMap<>();

    /** Adds the call to its row; returns the row's key. */
    public RollupKey add(PricedCall priced) {
        CallRecord call = priced.call();
        RollupKey key = new RollupKey(priced.day(), call.provider(), call.model(), call.feature(), call.customer(),
                call.team(), call.environment());
        rows.computeIfAbsent(key, k -> new RollupTotals()).add(priced);
        return key;
    }

    /** Restores a row from a checkpoint. */
    public void put(RollupKey key, RollupTotals totals) {
        rows.put(key, totals);
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
