package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * OpenAI's usage objects and their OpenAI-compatible variants. OpenAI counts cached tokens inside the input
 * total and reasoning tokens inside the output total, which is already the ledger's rule, so totals are taken as
 * they are. OpenAI does not bill cache writes.
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Chat completions, completions, embeddings: {@code prompt_tokens}, {@code completion_tokens}. */
    static Usage read(JsonNode node) {
        Long cached = Json.integer(Json.object(node, "prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            // DeepSeek reports its cache hits here.
            cached = Json.integer(node, "prompt_cache_hit_tokens");
        }
        return Usage.of(Json.integer(node, "prompt_tokens"), Json.integer(node, "completion_tokens"), cached, null,
                Json.integer(Json.object(node, "completion_tokens_details"), "reasoning_tokens"), null);
    }

    /** The Responses API: {@code input_tokens}, {@code output_tokens} and their {@code *_details}. */
    static Usage readResponses(JsonNode node) {
        return Usage.of(Json.integer(node, "input_tokens"), Json.integer(node, "output_tokens"),
                Json.integer(Json.object(node, "input_tokens_details"), "cached_tokens"), null,
                Json.integer(Json.object(node, "output_tokens_details"), "reasoning_tokens"), null);
    }
}
