package dev.llmcost.collector.allocate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.aggregate.LargestRemainder;
import dev.llmcost.collector.read.LedgerDimensions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Splits shared costs over the ledger calls of their periods. It is fed ledger rows one at a time (alone, or
 * alongside a report or export reading the same days), keeping one basis entry per cost and receiving value, so
 * a year of ledger is allocated in bounded memory. Each row must be fed once; rows outside a cost's period are
 * ignored by that cost.
 */
public final class Allocator {

    private static final int SHARE_DIGITS = 10;
    /** Values in order, the calls without one first: the order ties are broken in, and rows are written in. */
    private static final Comparator<String> VALUE_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    private final List<Basis> bases;

    public Allocator(List<SharedCost> costs) {
        this.bases = costs.stream().map(Basis::new).toList();
    }

    /** The first day whose ledger the costs need, or {@code null} without costs. */
    public LocalDate firstDay() {
        return bases.stream().map(basis -> basis.cost.period().first()).min(Comparator.naturalOrder()).orElse(null);
    }

    public LocalDate lastDay() {
        return bases.stream().map(basis -> basis.cost.period().last()).max(Comparator.naturalOrder()).orElse(null);
    }

    public void add(JsonNode row) {
        if (bases.isEmpty()) {
            return; // a report without --costs: no day to parse per row
        }
        LocalDate day = LocalDate.parse(row.path("timestamp").asText().substring(0, 10));
        for (Basis basis : bases) {
            basis.add(row, day);
        }
    }

    /** Every cost's split, in the order the costs were given. */
    public List<CostAllocation> allocations() {
        return bases.stream().map(Basis::allocate).toList();
    }

    /** What one cost is split in proportion to: its rule's quantity per receiving value, over the calls in scope. */
    private static final class Basis {

        final SharedCost cost;
        final Map<String, BigDecimal> byValue = new TreeMap<>(VALUE_ORDER);
        long callsInScope;

        Basis(SharedCost cost) {
            this.cost = cost;
        }

        void add(JsonNode row, LocalDate day) {
            if (cost.rule() == AllocationRule.WEIGHTS || !cost.period().contains(day) || !cost.inScope(row)) {
                return;
            }
            callsInScope++;
            String value = LedgerDimensions.value(row, cost.to());
            String key = value == null || value.isEmpty() ? null : value;
            if (cost.rule() == AllocationRule.EQUAL) {
                byValue.put(key, BigDecimal.ONE);
            } else {
                byValue.merge(key, cost.rule().basisOf(row), BigDecimal::add);
            }
        }

        CostAllocation allocate() {
            Map<String, BigDecimal> basis = cost.rule() == AllocationRule.WEIGHTS ? cost.weights() : byValue;
            BigDecimal total = basis.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (callsInScope == 0 && cost.rule() != AllocationRule.WEIGHTS) {
                return CostAllocation.unallocated(cost, "no calls in scope" + scopeText() + " in " + cost.period());
            }
            if (total.signum() == 0) {
                return CostAllocation.unallocated(cost, "the " + callsInScope + " calls in scope" + scopeText()
                        + " in " + cost.period() + " have no " + cost.rule().id() + " to split it by (basis 0)");
            }
            List<String> values = new ArrayList<>(basis.keySet());
            List<BigDecimal> amounts = LargestRemainder.split(cost.amountUsd(), new ArrayList<>(basis.values()));
            List<AllocatedPart> parts = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                BigDecimal quantity = basis.get(values.get(i));
                parts.add(new AllocatedPart(values.get(i), quantity,
                        quantity.divide(total, SHARE_DIGITS, RoundingMode.HALF_EVEN), amounts.get(i)));
            }
            return new CostAllocation(cost, List.copyOf(parts), null);
        }

        private String scopeText() {
            return cost.scope().isEmpty() ? "" : " (" + new TreeMap<>(cost.scope()).entrySet().stream()
                    .map(condition -> condition.getKey() + "=" + condition.getValue())
                    .collect(Collectors.joining(", ")) + ")";
        }
    }
}
