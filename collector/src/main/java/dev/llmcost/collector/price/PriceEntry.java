package dev.llmcost.collector.price;

import java.time.LocalDate;
import java.util.List;

/**
 * One price of one model, valid from {@code validFrom} (inclusive, UTC) until {@code validUntil} (exclusive;
 * {@code null} while it is the current price). A price change is a new entry, never an edit, so history keeps
 * the price it was billed at. {@code file} and {@code line} say where the entry was read.
 */
public record PriceEntry(String provider, String model, List<String> aliases, LocalDate validFrom,
                         LocalDate validUntil, TokenPrices prices, String source, String file, int line) {

    /** Names this entry in every ledger row it priced: {@code openai/gpt-4o-mini@2024-07-18}. */
    public String ref() {
        return provider + "/" + model + "@" + validFrom;
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
