package dev.llmcost.collector.price;

import java.math.BigDecimal;

/**
 * USD per million tokens, by kind of token. Cache prices are optional: where a provider does not price
 * cached tokens apart, they cost what any input token costs.
 */
public record TokenPrices(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal output) {

    public BigDecimal cacheReadOrInput() {
        return cacheRead != null ? cacheRead : input;
    }

    public BigDecimal cacheWriteOrInput() {
        return cacheWrite != null ? cacheWrite : input;
    }
}
