package dev.llmcost.agent.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * Bedrock's own usage shapes. Like Anthropic's, Bedrock's input counts exclude cache reads and writes, so the
 * ledger's input is their sum.
 */
final class BedrockUsage {

    private BedrockUsage() {
    }

    /** Converse's {@code usage}, and Amazon Nova's: {@code inputTokens}, {@code outputTokens}, cache counts. */
    static Usage converse(JsonNode usage) {
        Long cacheRead = Json.firstInteger(usage, "cacheReadInputTokens", "cacheReadInputTokenCount");
        Long cacheWrite = Json.firstInteger(usage, "cacheWriteInputTokens", "cacheWriteInputTokenCount");
        return withCache(Json.integer(usage, "inputTokens"), Json.integer(usage, "outputTokens"), cacheRead,
                cacheWrite);
    }

    /** {@code amazon-bedrock-invocationMetrics}, the last chunk of every InvokeModel stream: what AWS bills. */
    static Usage invocationMetrics(JsonNode metrics) {
        return withCache(Json.integer(metrics, "inputTokenCount"), Json.integer(metrics, "outputTokenCount"),
                Json.integer(metrics, "cacheReadInputTokenCount"), Json.integer(metrics, "cacheWriteInputTokenCount"));
    }

    static Usage withCache(Long input, Long output, Long cacheRead, Long cacheWrite) {
        if (input == null && output == null) {
            return null;
        }
        long read = cacheRead == null ? 0 : cacheRead;
        long write = cacheWrite == null ? 0 : cacheWrite;
        return new Usage((input == null ? 0 : input) + read + write, output == null ? 0 : output, read, write, 0);
    }
}
