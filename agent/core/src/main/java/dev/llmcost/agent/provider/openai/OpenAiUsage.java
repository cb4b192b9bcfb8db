package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * OpenAI's {@code usage} object and its OpenAI-compatible variants. OpenAI counts cached tokens inside
 * {@code prompt_tokens} and reasoning tokens inside {@code completion_tokens}, which is already the ledger's
 * rule, so the totals are taken as they are. OpenAI does not bill cache writes.
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** The usage in {@code node}, or {@code null} when it has no token counts. */
    static Usage read(JsonNode node) {
        Long prompt = Json.integer(node, "prompt_tokens");
        Long completion = Json.integer(node, "completion_tokens");
        if (prompt == null && completion == null) {
            return null;
        }
        Long cached = Json.integer(Json.object(node, "prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            // DeepSeek reports its cache hits here.
            cached = Json.integer(node, "prompt_cache_hit_tokens");
        }
        Long reasoning = Json.integer(Json.object(node, "completion_tokens_details"), "reasoning_tokens");
        return new Usage(orZero(prompt), orZero(completion), orZero(cached), 0, orZero(reasoning));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
