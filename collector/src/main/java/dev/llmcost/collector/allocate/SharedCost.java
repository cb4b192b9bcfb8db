package dev.llmcost.collector.allocate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.read.LedgerDimensions;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A cost no call carries (a vector database, a platform team), to be split over the values of one dimension
 * ({@code to}) by a rule, in proportion to the ledger calls of its period that {@code scope} selects.
 *
 * @param scope   dimension → value the basis calls must have; {@code "*"} means any non-empty value
 * @param weights value → weight, for {@link AllocationRule#WEIGHTS} only (else empty)
 */
public record SharedCost(String name, BigDecimal amountUsd, CostPeriod period, String to, AllocationRule rule,
                         Map<String, String> scope, Map<String, BigDecimal> weights) {

    public static final String ANY = "*";

    /** Whether a ledger row is one of the calls the cost is split over. */
    boolean inScope(JsonNode row) {
        for (Map.Entry<String, String> condition : scope.entrySet()) {
            String value = LedgerDimensions.value(row, condition.getKey());
            boolean matches = condition.getValue().equals(ANY) ? value != null && !value.isEmpty()
                    : condition.getValue().equals(value);
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** "vector-db (2026-11)", as messages name it. */
    public String describe() {
        return name + " (" + period + ")";
    }
}
