package dev.llmcost.collector.allocate;

import dev.llmcost.collector.write.Csv;
import dev.llmcost.collector.write.Money;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code OUT/allocations/PERIOD.csv}: one file per period, one row per shared cost and receiving value, the
 * costs in the order the file lists them, values in order (calls without a value first).
 */
public final class AllocationCsv {

    public static final List<String> HEADER = List.of("name", "dimension", "value", "basis_quantity", "share",
            "allocated_usd");

    private AllocationCsv() {
    }

    /** CostPeriod label → the file's content, periods in the order they first appear. */
    public static Map<String, String> byPeriod(List<CostAllocation> allocations) {
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (CostAllocation allocation : allocations) {
            StringBuilder file = files.computeIfAbsent(allocation.cost().period().label(),
                    period -> new StringBuilder(Csv.line(HEADER)));
            for (AllocatedPart part : allocation.parts()) {
                file.append(Csv.line(List.of(allocation.cost().name(), allocation.cost().to(),
                        part.value() == null ? "" : part.value(), Money.plain(part.basis()),
                        Money.plain(part.share()), part.amountUsd().toPlainString())));
            }
        }
        Map<String, String> content = new LinkedHashMap<>();
        files.forEach((period, file) -> content.put(period, file.toString()));
        return content;
    }
}
