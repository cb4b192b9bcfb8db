package dev.llmcost.collector.report;

import dev.llmcost.collector.allocate.AllocatedPart;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.allocate.SharedCost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared costs beside a report's rows ({@code report --costs}). A cost is split over the rows only when the report
 * groups by exactly its receiving dimension ({@code --by customer} for {@code "to": "customer"}): a row is then one
 * value and gets that value's part. Grouped any other way, a row may hold several values or part of one, and
 * dividing a part again would be a second allocation nobody asked for, so the cost is shown whole on one line,
 * "not split by this grouping". The total counts every cost either way.
 */
final class ReportSharedCosts {

    final Map<List<String>, BigDecimal> byRow = new HashMap<>();
    /** Every cost of the file with what became of it: split, not_split, unallocated or outside_report_days. */
    final Map<SharedCost, String> statuses = new LinkedHashMap<>();
    final List<CostAllocation> notSplit = new ArrayList<>();
    final List<CostAllocation> unallocated = new ArrayList<>();
    /** Costs whose period is not wholly within the report's days: in no figure. */
    final List<SharedCost> outside;
    /** Every cost within the report's days, split or not. */
    final BigDecimal totalUsd;

    ReportSharedCosts(List<CostAllocation> allocations, List<SharedCost> outside, List<String> dimensions) {
        this.outside = List.copyOf(outside);
        BigDecimal sum = BigDecimal.ZERO;
        for (CostAllocation allocation : allocations) {
            sum = sum.add(allocation.cost().amountUsd());
            if (allocation.isUnallocated()) {
                unallocated.add(allocation);
                statuses.put(allocation.cost(), "unallocated");
            } else if (dimensions.equals(List.of(allocation.cost().to()))) {
                statuses.put(allocation.cost(), "split");
                for (AllocatedPart part : allocation.parts()) {
                    // A list holding null: the row of the calls without the value, as the report keys it.
                    byRow.merge(java.util.Collections.singletonList(part.value()), part.amountUsd(), BigDecimal::add);
                }
            } else {
                notSplit.add(allocation);
                statuses.put(allocation.cost(), "not_split");
            }
        }
        outside.forEach(cost -> statuses.put(cost, "outside_report_days"));
        this.totalUsd = sum;
    }

    BigDecimal allocated(List<String> row) {
        return byRow.getOrDefault(row, BigDecimal.ZERO);
    }

    /** Direct + allocated, or {@code null} when the direct cost is unknown (every call unpriced): never a guess. */
    static BigDecimal total(ReportTotals direct, BigDecimal allocated) {
        return direct.nothingPriced() ? null : direct.costUsd.add(allocated);
    }

    /** The lines a table prints below itself for what its rows do not show. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (CostAllocation allocation : notSplit) {
            notes.add("shared: $" + allocation.cost().amountUsd().setScale(2).toPlainString() + " "
                    + allocation.cost().describe() + ", not split by this grouping (it is allocated by "
                    + allocation.cost().to() + ": report --by " + allocation.cost().to() + " splits it)");
        }
        unallocated.forEach(allocation -> notes.add("warning: " + allocation.warning()));
        outside.forEach(cost -> notes.add("note: shared cost " + cost.describe() + " left out: its period is not "
                + "wholly within --since..--until"));
        return notes;
    }
}
