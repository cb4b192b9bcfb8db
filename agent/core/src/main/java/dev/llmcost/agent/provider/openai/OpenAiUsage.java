package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.schema.Provider;

/**
 * OpenAI's usage objects and their OpenAI-compatible variants. OpenAI counts cached tokens inside the input
 * total and reasoning tokens inside the output total, which is already the ledger's rule, so totals are taken as
 * they are. OpenAI does not bill cache writes.
 *
 * <p>A usage object always has its prompt total, and its completion total unless it is an embedding's; the detail
 * counts are nullable (compatible servers and proxies send {@code "cached_tokens": null} for "none").
 */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /**
     * Chat completions, completions, embeddings: {@code prompt_tokens}, {@code completion_tokens}.
     *
     * @param document          the response (or chunk) the usage is in: its {@code object} says whether it is an
     *                          embedding's, which has no completion
     * @param reasoningApart    the server reports {@code reasoning_tokens} outside {@code completion_tokens} (xAI),
     *                          so output is their sum
     */
    static Usage read(JsonNode document, JsonNode node, boolean reasoningApart) {
        if (node == null) {
            return null;
        }
        Long cached = TokenCount.readNullable(Json.object(node, "prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            // DeepSeek reports its cache hits here.
            cached = TokenCount.readNullable(node, "prompt_cache_hit_tokens");
        }
        long prompt = TokenCount.require(node, "prompt_tokens");
        Long completion = isEmbedding(document) ? TokenCount.read(node, "completion_tokens")
                : (Long) TokenCount.require(node, "completion_tokens");
        Long reasoning = TokenCount.readNullable(Json.object(node, "completion_tokens_details"), "reasoning_tokens");
        if (reasoningApart && reasoning != null && completion != null) {
            completion = TokenCount.sum("completion_tokens and reasoning_tokens", completion, reasoning);
        }
        return Usage.of(prompt, completion, cached, null, reasoning, null);
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

    /**
     * Whether this server counts reasoning apart from the completion: xAI's Grok does, on its own API and on
     * Vertex AI's OpenAI-compatible endpoint ({@code xai/…} models); OpenRouter's copies of Grok do not.
     */
    static boolean reasoningApart(String provider, String model) {
        return Provider.X_AI.id().equals(provider) || model != null && model.startsWith("xai/");
    }

    private static boolean isEmbedding(JsonNode document) {
        String object = Json.text(document, "object");
        return "list".equals(object) || "embedding".equals(object);
    }
}
