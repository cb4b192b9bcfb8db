package dev.llmcost.collector.metrics;

import dev.llmcost.collector.CollectorState;
import dev.llmcost.collector.budget.BudgetBook;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The collector's own figures as of its last commit, published whole for scrapes and exports: documents read and
 * rejected (since the output directory was made: they are in the checkpoint), calls left unpriced, how far
 * behind the queue it is, what the agents could not record, and each budget's spend against its limit.
 *
 * @param lagRecords   documents written to the queue after the last one read
 * @param lagSeconds   how old the last call read is when there are documents after it; 0 when caught up
 * @param budgets      the budget instances shown: at most the series cap, those nearest their limit first
 * @param budgetInstances every instance in its current period, shown or not
 */
public record CollectorHealth(long records, long rejectedRecords, long unpricedCalls, long lagRecords,
                              double lagSeconds, Map<String, Long> agentCounters, long agentDroppedCalls,
                              List<BudgetSpend> budgets, int budgetInstances, long committedAtMillis) {

    /** The agents' counters that count calls they could not record (as {@code collect}'s summary adds them). */
    static final List<String> DROPPED = List.of("dropped_ring_full", "not_captured", "queue_write_failures");

    /** One budget instance: its spend in the current period and its limit. */
    public record BudgetSpend(String budget, String scope, BigDecimal spentUsd, BigDecimal limitUsd) {
    }

    static final CollectorHealth NONE = new CollectorHealth(0, 0, 0, 0, 0, Map.of(), 0, List.of(), 0, 0);

    /**
     * The figures of {@code state} (read on the collecting thread), with the lag in records and, when budgets are
     * on, their instances' spend ({@code null} without budgets); lag in seconds is the sink's to add.
     */
    public static CollectorHealth of(CollectorState state, long lagRecords, List<BudgetBook.Status> budgets,
                                     int maxBudgets, long nowMillis) {
        Map<String, Long> counters = new TreeMap<>();
        state.agents().values().forEach(agent -> agent.counters().forEach((name, value) ->
                counters.merge(name, value, Long::sum)));
        long dropped = DROPPED.stream().mapToLong(name -> counters.getOrDefault(name, 0L)).sum();
        long unpriced = state.unpriced().values().stream().mapToLong(Long::longValue).sum();
        List<BudgetSpend> shown = List.of();
        int instances = 0;
        if (budgets != null) {
            instances = budgets.size();
            shown = budgets.stream()
                    .sorted(Comparator.comparingDouble(CollectorHealth::burn).reversed())
                    .limit(maxBudgets)
                    .map(status -> new BudgetSpend(status.budget().name(), scope(status.scope()),
                            status.spentUsd(), status.budget().limitUsd()))
                    .toList();
        }
        return new CollectorHealth(state.records(), state.rejectedRecords(), unpriced, lagRecords, 0,
                Map.copyOf(counters), dropped, shown, instances, nowMillis);
    }

    private static double burn(BudgetBook.Status status) {
        return status.spentUsd().doubleValue() / status.budget().limitUsd().doubleValue();
    }

    /** A budget instance's scope as one label: {@code customer=acme,feature=search}, by name; {@code ""} for all. */
    static String scope(Map<String, String> scope) {
        return new TreeMap<>(scope).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    CollectorHealth withLagSeconds(double seconds) {
        return new CollectorHealth(records, rejectedRecords, unpricedCalls, lagRecords, seconds, agentCounters,
                agentDroppedCalls, budgets, budgetInstances, committedAtMillis);
    }
}
