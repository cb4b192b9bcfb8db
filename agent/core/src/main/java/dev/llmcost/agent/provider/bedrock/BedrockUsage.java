package dev.llmcost.agent.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;

/**
 * Bedrock's own usage shapes. Like Anthropic's, Bedrock's input counts exclude cache reads and writes, so the
 * ledger's input is their sum.
 */
final class BedrockUsage {

    private BedrockUsage() {
    }

    /** Converse's {@code usage}, and Amazon Nova's: {@code inputTokens}, {@code outputTokens}, cache counts. */
    static Usage converse(JsonNode usage) {
        if (usage == null) {
            return null;
        }
        Long cacheRead = firstNullable(usage, "cacheReadInputTokens", "cacheReadInputTokenCount");
        Long cacheWrite = firstNullable(usage, "cacheWriteInputTokens", "cacheWriteInputTokenCount");
        return withCache(TokenCount.require(usage, "inputTokens"), TokenCount.require(usage, "outputTokens"),
                cacheRead, cacheWrite);
    }

    /** {@code amazon-bedrock-invocationMetrics}, the last chunk of every InvokeModel stream: what AWS bills. */
    static Usage invocationMetrics(JsonNode metrics) {
        if (metrics == null) {
            return null;
        }
        return withCache(TokenCount.require(metrics, "inputTokenCount"),
                TokenCount.require(metrics, "outputTokenCount"),
                TokenCount.readNullable(metrics, "cacheReadInputTokenCount"),
                TokenCount.readNullable(metrics, "cacheWriteInputTokenCount"));
    }

    static Usage withCache(Long input, Long output, Long cacheRead, Long cacheWrite) {
        if (input == null && output == null) {
            return null;
        }
        long read = cacheRead == null ? 0 : cacheRead;
        long write = cacheWrite == null ? 0 : cacheWrite;
        return new Usage(TokenCount.sum("input, cache read and cache write tokens", input == null ? 0 : input, read,
                write), output == null ? 0 : output, read, write, 0);
    }

    private static Long firstNullable(JsonNode node, String... fields) {
        for (String field : fields) {
            Long value = TokenCount.readNullable(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
