package dev.llmcost.collector.price;

import java.math.BigDecimal;

/**
 * USD per million tokens, by kind of token. Cache prices are optional: where a provider does not price
 * cached tokens apart, they cost what any input token costs; a one-hour cache write costs a five-minute one
 * unless priced apart (Anthropic: 2× input against 1.25×).
 */
public record TokenPrices(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal cacheWrite1h,
                          BigDecimal output) {

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
