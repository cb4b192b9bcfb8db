package dev.llmcost.collector.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unit economics for one report row: what each business outcome (a conversation, a document, a ticket — the
 * values of one attribute key) cost, summed over its calls, and the distribution of those costs. Percentiles are
 * nearest-rank over the outcomes. Memory is one entry per distinct outcome of the row.
 */
final class OutcomeCosts {

    private final Map<String, BigDecimal> costs = new HashMap<>();
    long callsWithoutOutcome;

    void add(String outcome, BigDecimal cost) {
        if (outcome == null) {
            callsWithoutOutcome++;
            return;
        }
        costs.merge(outcome, cost == null ? BigDecimal.ZERO : cost, BigDecimal::add);
    }

    int count() {
        return costs.size();
    }

    /** The outcome costs, ascending. */
    private List<BigDecimal> sorted() {
        List<BigDecimal> values = new ArrayList<>(costs.values());
        values.sort(null);
        return values;
    }

    BigDecimal mean() {
        if (costs.isEmpty()) {
            return null;
        }
        BigDecimal sum = costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(costs.size()), 10, RoundingMode.HALF_EVEN);
    }

    /** Nearest-rank percentile: the smallest outcome cost with at least {@code percent}% of outcomes at or below. */
    BigDecimal percentile(int percent) {
        List<BigDecimal> values = sorted();
        if (values.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * values.size());
        return values.get(Math.max(0, rank - 1));
    }
}
