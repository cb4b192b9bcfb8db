package dev.llmcost.agent.provider;

/**
 * Token usage normalised the one way llmcost uses everywhere: {@code inputTokens} counts every input token,
 * cache reads and cache writes included; {@code outputTokens} counts every output token, reasoning included.
 * The cache and reasoning counts are the parts of those totals that are priced differently.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens) {
}
