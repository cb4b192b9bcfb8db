package dev.llmcost.agent.provider;

import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;

/**
 * Token usage normalised the one way llmcost uses everywhere: {@code inputTokens} counts every input token,
 * cache reads and cache writes included; {@code outputTokens} counts every output token, reasoning and thinking
 * included. The cache and reasoning counts are the parts of those totals that are priced differently;
 * {@code cacheWrite1hTokens} is the part of {@code cacheWriteTokens} written for an hour (Anthropic prices it
 * above the default five-minute write).
 *
 * <p>A usage that breaks these rules — a negative count, parts larger than their total — cannot be priced
 * without inventing money, so it is refused ({@link InvalidCountException}) and the call recorded as
 * {@code malformed}.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens, long cacheWrite1hTokens) {

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0 || cacheWrite1hTokens < 0) {
            throw new InvalidCountException("a token count is negative");
        }
        if (TokenCount.sum("cache_read_tokens and cache_write_tokens", cacheReadTokens, cacheWriteTokens)
                > inputTokens) {
            throw new InvalidCountException("cache_read_tokens (" + cacheReadTokens + ") and cache_write_tokens ("
                    + cacheWriteTokens + ") add up to more than input_tokens (" + inputTokens + ")");
        }
        if (cacheWrite1hTokens > cacheWriteTokens) {
            throw new InvalidCountException("cache_write_1h_tokens (" + cacheWrite1hTokens
                    + ") are more than cache_write_tokens (" + cacheWriteTokens + ")");
        }
        if (reasoningTokens > outputTokens) {
            throw new InvalidCountException("reasoning_tokens (" + reasoningTokens + ") are more than output_tokens ("
                    + outputTokens + ")");
        }
    }

    public Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                 long reasoningTokens) {
        this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, 0);
    }

    /** Usage from counts that may be absent (absent is zero); {@code null} when input and output both are. */
    public static Usage of(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning,
                           Long cacheWrite1h) {
        if (input == null && output == null) {
            return null;
        }
        return new Usage(orZero(input), orZero(output), orZero(cacheRead), orZero(cacheWrite), orZero(reasoning),
                orZero(cacheWrite1h));
    }

    /** These counts as a record carries them. */
    public TokenCounts tokenCounts() {
        return TokenCounts.of(inputTokens, outputTokens)
                .with(TokenKind.CACHE_READ, cacheReadTokens)
                .with(TokenKind.CACHE_WRITE, cacheWriteTokens)
                .with(TokenKind.REASONING, reasoningTokens)
                .with(TokenKind.CACHE_WRITE_1H, cacheWrite1hTokens);
    }

    /** The counts in a few words, for a note: what a stream showed before it was cut. */
    public String describe() {
        return "input " + inputTokens + ", output " + outputTokens
                + (cacheReadTokens > 0 ? ", cache read " + cacheReadTokens : "")
                + (cacheWriteTokens > 0 ? ", cache write " + cacheWriteTokens : "");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
