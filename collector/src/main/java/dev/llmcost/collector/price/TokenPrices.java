package dev.llmcost.collector.price;

import java.math.BigDecimal;

/**
 * USD per million tokens, by kind of token, and a fee per request where a provider charges one (Perplexity's
 * search). Cache prices are optional: where a provider does not price cached tokens apart, they cost what any
 * input token costs; a one-hour cache write costs a five-minute one unless priced apart (Anthropic: 2× input
 * against 1.25×); reasoning tokens cost what output tokens cost unless priced apart.
 */
public record TokenPrices(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
                          BigDecimal output, BigDecimal reasoning, BigDecimal perRequest) {

    public TokenPrices(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
                       BigDecimal output) {
        this(input, cacheRead, cacheWrite, cacheWrite1h, output, null, null);
    }

    public BigDecimal reasoningOrOutput() {
        return reasoning != null ? reasoning : output;
    }

    public BigDecimal perRequestOrZero() {
        return perRequest != null ? perRequest : BigDecimal.ZERO;
    }

    public BigDecimal cacheReadOrInput() {
        return cacheRead != null ? cacheRead : input;
    }

    public BigDecimal cacheWriteOrInput() {
        return cacheWrite != null ? cacheWrite : input;
    }

    public BigDecimal cacheWrite1hOrCacheWrite() {
        return cacheWrite1h != null ? cacheWrite1h : cacheWriteOrInput();
    }
}
