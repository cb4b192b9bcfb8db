package dev.llmcost.agent.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.JsonLine;
import dev.llmcost.agent.provider.format.MalformedBodyException;

/**
 * Ollama's native API ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}): counts in
 * {@code prompt_eval_count} and {@code eval_count}, on the body or on a stream's final {@code done: true} line.
 * A prompt served from Ollama's KV cache has no {@code prompt_eval_count}: nothing was evaluated, so zero.
 *
 * <p>These paths are generic, so a response is taken as Ollama's only if it looks like one (a {@code done}
 * flag or an eval count); anything else names no model and becomes no record.
 */
public final class OllamaApi implements ApiParser {

    @Override
    public RequestFacts parseRequest(JsonNode body) {
        // Ollama streams unless told not to.
        return RequestFacts.read(body, true);
    }

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isJsonLines()) {
            return Documents.read(response, false, OllamaApi::model, OllamaApi::usage);
        }
        StreamTally tally = new StreamTally();
        for (JsonLine line : response.body().jsonLines()) {
            try {
                JsonNode chunk = line.json();
                tally.model(model(chunk));
                if (chunk.path("done").asBoolean(false)) {
                    tally.usage(usage(chunk));
                }
            } catch (MalformedBodyException e) {
                tally.malformed(e.getMessage());
            }
        }
        return tally.facts(response, "stream ended without its done line");
    }

    private static String model(JsonNode root) {
        return looksLikeOllama(root) ? Json.text(root, "model") : null;
    }

    private static Usage usage(JsonNode root) {
        if (!looksLikeOllama(root)) {
            return null;
        }
        Long prompt = Json.integer(root, "prompt_eval_count");
        Long output = Json.integer(root, "eval_count");
        if (output == null && prompt == null && !root.path("done").asBoolean(false)) {
            return null;
        }
        return new Usage(prompt == null ? 0 : prompt, output == null ? 0 : output, 0, 0, 0);
    }

    private static boolean looksLikeOllama(JsonNode root) {
        return root.has("done") || root.has("eval_count") || root.has("prompt_eval_count");
    }
}
