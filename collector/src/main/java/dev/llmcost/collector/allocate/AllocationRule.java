package dev.llmcost.collector.allocate;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/** What a shared cost is split in proportion to ({@code allocate_by}). */
public enum AllocationRule {

    /** Input + output tokens: the ledger's {@code input_tokens} already counts cache tokens, output reasoning. */
    TOKENS("tokens", "Tokens"),
    CALLS("calls", "Calls"),
    /** The calls' own {@code cost_usd} (unpriced calls add 0). */
    COST("cost", "USD"),
    /** One share per distinct value seen in scope, however many calls it made. */
    EQUAL("equal", "Values"),
    /** The weights given in the file; the ledger plays no part. */
    WEIGHTS("weights", "Weight");

    private final String id;
    private final String unit;

    AllocationRule(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    /** The basis's unit, as FOCUS's AllocatedMethodDetails {@code UsageUnit}. */
    public String unit() {
        return unit;
    }

    static Optional<AllocationRule> byId(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
    }

    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(AllocationRule::id).toList());
    }

    /** What one ledger row in scope adds to its value's basis ({@link #EQUAL} and {@link #WEIGHTS} count no rows). */
    BigDecimal basisOf(JsonNode row) {
        return switch (this) {
            case TOKENS -> BigDecimal.valueOf(Math.addExact(row.path("input_tokens").asLong(),
                    row.path("output_tokens").asLong()));
            case CALLS -> BigDecimal.ONE;
            case COST -> row.hasNonNull("cost_usd") ? row.get("cost_usd").decimalValue() : BigDecimal.ZERO;
            case EQUAL, WEIGHTS -> BigDecimal.ZERO;
        };
    }
}
