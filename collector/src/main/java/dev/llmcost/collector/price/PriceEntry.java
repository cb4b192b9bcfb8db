package dev.llmcost.collector.price;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One price of one model, valid from {@code validFrom} (inclusive, UTC) until {@code validUntil} (exclusive;
 * {@code null} while it is the current price). A price change is a new entry, never an edit, so history keeps
 * the price it was billed at. {@code tiers} are the prices above a prompt size, ascending: as providers bill,
 * the whole request takes the tier its input reaches. {@code file} and {@code line} say where the entry was read.
 */
public record PriceEntry(String provider, String model, List<String> aliases, LocalDate validFrom,
                         LocalDate validUntil, TokenPrices prices, List<Tier> tiers,
                         java.util.Map<String, TokenPrices> serviceTiers, BigDecimal regionalEndpointMultiplier,
                         String source, String file, int line) {

    /** Tiers providers bill at their standard price, whatever they call it. */
    private static final java.util.Set<String> STANDARD = java.util.Set.of("default", "standard", "auto",
            "on_demand");

    /**
     * The prices of a call the provider says ran on {@code serviceTier} ({@code flex}, {@code priority}):
     * empty when this entry does not price that tier, so the caller can say so rather than guess.
     */
    public java.util.Optional<TokenPrices> pricesFor(long inputTokens, String serviceTier) {
        if (serviceTier == null || STANDARD.contains(serviceTier)) {
            return java.util.Optional.of(pricesFor(inputTokens));
        }
        return java.util.Optional.ofNullable(serviceTiers.get(serviceTier));
    }

    /** The prices of requests whose input exceeds {@code aboveInputTokens}. */
    public record Tier(long aboveInputTokens, TokenPrices prices) {
    }

    /** Names this entry in every ledger row it priced: {@code openai/gpt-4o-mini@2024-07-18}. */
    public String ref() {
        return provider + "/" + model + "@" + validFrom;
    }

    /** The prices a request with {@code inputTokens} of input pays. */
    public TokenPrices pricesFor(long inputTokens) {
        TokenPrices applicable = prices;
        for (Tier tier : tiers) {
            if (inputTokens > tier.aboveInputTokens()) {
                applicable = tier.prices();
            }
        }
        return applicable;
    }

    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validUntil == null || day.isBefore(validUntil));
    }

    boolean overlaps(PriceEntry other) {
        boolean startsBeforeOtherEnds = other.validUntil == null || validFrom.isBefore(other.validUntil);
        boolean otherStartsBeforeThisEnds = validUntil == null || other.validFrom.isBefore(validUntil);
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }
}
