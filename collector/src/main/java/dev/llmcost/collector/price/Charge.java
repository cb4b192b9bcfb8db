package dev.llmcost.collector.price;

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
     * The charges of a call by the ledger's rule: uncached input, cache reads, five-minute and one-hour cache
     * writes, output; reasoning is part of output, charged apart only where a price says so; then any fee per
     * request. Kinds with nothing to charge are left out.
     */
    public static List<Charge> of(TokenPrices prices, long input, long output, long cacheRead, long cacheWrite,
                                  long cacheWrite1h, long reasoning) {
        long oneHour = Math.min(cacheWrite, cacheWrite1h);
        long reasoningApart = prices.reasoning() == null ? 0 : Math.min(output, reasoning);
        List<Charge> charges = new ArrayList<>(7);
        add(charges, "input", Math.max(0, input - cacheRead - cacheWrite), prices.input());
        add(charges, "cache_read", cacheRead, prices.cacheReadOrInput());
        add(charges, "cache_write", cacheWrite - oneHour, prices.cacheWriteOrInput());
        add(charges, "cache_write_1h", oneHour, prices.cacheWrite1hOrCacheWrite());
        add(charges, "output", output - reasoningApart, prices.output());
        add(charges, "reasoning", reasoningApart, prices.reasoningOrOutput());
        if (prices.perRequestOrZero().signum() > 0) {
            charges.add(new Charge(REQUEST, 1, prices.perRequest()));
        }
        return charges;
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

    private static void add(List<Charge> charges, String type, long tokens, BigDecimal usdPerMillion) {
        if (tokens > 0) {
            charges.add(new Charge(type, tokens, usdPerMillion));
        }
    }
}
