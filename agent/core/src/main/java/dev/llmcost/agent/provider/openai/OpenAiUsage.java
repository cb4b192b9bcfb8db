package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * OpenAI's usage objects and their OpenAI-compatible variants. OpenAI counts cached tokens inside the input
 * total and reasoning tokens inside the output total, which is already the ledger's rule, so totals are taken as
 * they are. OpenAI does not bill cache writes.
 *
 * <p>A usage object always has its prompt total; the detail counts are nullable (compatible servers and proxies
 * send {@code "cached_tokens": null} for "none").
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Chat completions, completions, embeddings: {@code prompt_tokens}, {@code completion_tokens}. */
    static Usage read(JsonNode node) {
        if (node == null) {
            return null;
        }
        Long cached = TokenCount.readNullable(Json.object(node, "prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            // DeepSeek reports its cache hits here.
            cached = TokenCount.readNullable(node, "prompt_cache_hit_tokens");
        }
        // Embeddings have no completion_tokens; every usage object has prompt_tokens.
        return Usage.of(TokenCount.require(node, "prompt_tokens"), TokenCount.read(node, "completion_tokens"), cached,
                null, TokenCount.readNullable(Json.object(node, "completion_tokens_details"), "reasoning_tokens"),
                null);
    }

    /** The Responses API: {@code input_tokens}, {@code output_tokens} and their {@code *_details}. */
    static Usage readResponses(JsonNode node) {
        if (node == null) {
            return null;
        }
        return Usage.of(TokenCount.require(node, "input_tokens"), TokenCount.require(node, "output_tokens"),
                TokenCount.readNullable(Json.object(node, "input_tokens_details"), "cached_tokens"), null,
                TokenCount.readNullable(Json.object(node, "output_tokens_details"), "reasoning_tokens"), null);
    }
}
