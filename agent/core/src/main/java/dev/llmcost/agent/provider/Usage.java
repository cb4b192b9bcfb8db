package dev.llmcost.agent.provider;

/**
 * Token usage normalised the one way llmcost uses everywhere: {@code inputTokens} counts every input token,
 * cache reads and cache writes included; {@code outputTokens} counts every output token, reasoning and thinking
 * included. The cache and reasoning counts are the parts of those totals that are priced differently;
 * {@code cacheWrite1hTokens} is the part of {@code cacheWriteTokens} written for an hour (Anthropic prices it
 * above the default five-minute write).
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens, long cacheWrite1hTokens) {

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

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
