package dev.llmcost.collector.price;

import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One kind of token a call is charged for, at its unit price: the terms of the cost formula. A call's cost is
 * the sum of its charges, and the FOCUS export writes them as they are, so its rows add up to the ledger exactly.
 */
public record Charge(String tokenType, long tokens, BigDecimal usdPerMillion) {

    /** The one charge that is not per token: a provider's fee per request, priced per request. */
    public static final String REQUEST = "request";

    public BigDecimal cost() {
        BigDecimal amount = usdPerMillion.multiply(BigDecimal.valueOf(tokens));
        return REQUEST.equals(tokenType) ? amount : amount.movePointLeft(6);
    }

    /**
     * The charges of a call by the ledger's rule, following {@link TokenKind#partOf()}: each kind is charged for the
     * tokens its parts charged apart do not count (uncached input, five-minute cache writes, output), at its own
     * price or else its whole's; then any fee per request. Kinds with nothing to charge are left out.
     */
    public static List<Charge> of(TokenPrices prices, TokenCounts tokens) {
        List<Charge> charges = new ArrayList<>(7);
        for (TokenKind kind : TokenKind.values()) {
            if (kind.partOf() != null && !chargedApart(kind, prices)) {
                continue;
            }
            long count = tokens.orZero(kind);
            for (TokenKind part : kind.parts()) {
                if (chargedApart(part, prices)) {
                    count -= tokens.orZero(part);
                }
            }
            if (count > 0) {
                charges.add(new Charge(kind.shortName(), count, prices.of(kind)));
            }
        }
        if (prices.perRequestOrZero().signum() > 0) {
            charges.add(new Charge(REQUEST, 1, prices.perRequest()));
        }
        return charges;
    }

    /**
     * Parts of input are always charged apart (the FOCUS export shows cached tokens as their own rows, even at the
     * input price); reasoning is output unless a price says otherwise.
     */
    private static boolean chargedApart(TokenKind part, TokenPrices prices) {
        TokenKind whole = part;
        while (whole.partOf() != null) {
            whole = whole.partOf();
        }
        return whole == TokenKind.INPUT || prices.own(part) != null;
    }

    /**
     * Uncached input, cache reads and cache writes: what the prompt cost, the part of a call prompt caching moves
     * between calls (one call's cache write makes the next one's cache read cheap).
     */
    public boolean inputSide() {
        return tokenType.equals("input") || tokenType.startsWith("cache_");
    }

    /** The same charges at {@code multiplier} × their unit prices (a deployment type's price). */
    public Charge times(BigDecimal multiplier) {
        return new Charge(tokenType, tokens, usdPerMillion.multiply(multiplier));
    }
}
