package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.Charge;
import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.write.LedgerJson;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A priced ledger row split again into the charges its dated price entry ({@code price_ref}) made of it, at the
 * multiplier it was priced at (deployment type, regional endpoint, discount): they add up to its {@code cost_usd}
 * exactly. Reads the entry back from the catalog rather than looking the model up again, so a row is split at the
 * price it was billed at even after the price changed.
 */
public record LedgerCharges(List<Charge> charges, BigDecimal uncachedInputCost) {

    /**
     * The charges of a priced row, with {@code uncachedInputCost}: what all its input tokens (cache reads and
     * writes included) would have cost at the entry's input price and the row's multiplier, had nothing been
     * cached. A row whose {@code price_ref} the catalog does not have is an error, not a guess.
     */
    public static LedgerCharges of(PriceCatalog catalog, JsonNode row) {
        String priceRef = row.path("price_ref").asText();
        Optional<PriceCatalog.PriceRef> entry = catalog.byRef(priceRef);
        if (entry.isEmpty()) {
            throw new IllegalStateException("the ledger row " + row.path("event_id").asText() + " was priced by "
                    + priceRef + ", which the price catalog no longer has (pass the --prices file it was collected"
                    + " with)");
        }
        TokenCounts tokens = LedgerJson.call(row).tokens();
        long input = tokens.orZero(TokenKind.INPUT);
        var prices = entry.get().prices(input);
        BigDecimal multiplier = entry.get().multiplier();
        List<Charge> charges = Charge.of(prices, tokens).stream().map(charge -> charge.times(multiplier)).toList();
        BigDecimal uncached = new Charge("input", input, prices.input()).times(multiplier).cost();
        return new LedgerCharges(charges, uncached);
    }
}
