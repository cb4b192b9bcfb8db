package dev.llmcost.collector.price;

import dev.llmcost.agent.schema.TokenKind;

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

    /** The price of {@code kind} priced apart, or {@code null} when it is not. */
    public BigDecimal own(TokenKind kind) {
        return switch (kind) {
            case INPUT -> input;
            case OUTPUT -> output;
            case CACHE_READ -> cacheRead;
            case CACHE_WRITE -> cacheWrite;
            case REASONING -> reasoning;
            case CACHE_WRITE_1H -> cacheWrite1h;
        };
    }

    /** The price of {@code kind}: its own, else that of the kind it is a part of. */
    public BigDecimal of(TokenKind kind) {
        BigDecimal own = own(kind);
        return own != null || kind.partOf() == null ? own : of(kind.partOf());
    }

    public BigDecimal perRequestOrZero() {
        return perRequest != null ? perRequest : BigDecimal.ZERO;
    }
}
