package dev.llmcost.agent.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.JsonLine;
import dev.llmcost.agent.provider.format.MalformedBodyException;

import java.util.List;

/**
 * Ollama's native API ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}): counts in
 * {@code prompt_eval_count} and {@code eval_count}, at the end of the body or on a stream's final
 * {@code done: true} line (the terminal usage). A prompt served from Ollama's KV cache has no
 * {@code prompt_eval_count}: nothing was evaluated, so zero. A line carrying {@code error} is the server's error.
 *
 * <p>These paths are generic, so a response is taken as Ollama's only if it looks like one (a {@code done}
 * flag or an eval count); anything else names no model and becomes no record.
 */
public final class OllamaApi implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("done_reason", "done", "total_duration",
            "prompt_eval_count");

    @Override
    public RequestFacts parseRequest(JsonNode body) {
        // Ollama streams unless told not to.
        return RequestFacts.read(body, true);
    }

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isJsonLines()) {
            return Documents.read(response, TAIL_KEYS, false, OllamaApi::model, OllamaApi::usage);
        }
        StreamTally tally = new StreamTally();
        for (JsonLine line : response.body().jsonLines()) {
            if (line.unterminated()) {
                tally.cut();
                continue;
            }
            tally.read(() -> {
                JsonNode chunk = line.json();
                tally.model(model(chunk));
                if (chunk.path("done").asBoolean(false)) {
                    tally.billed(usage(chunk));
                    tally.finished();
                } else if (chunk.has("error")) {
                    tally.failed("error");
                }
            });
        }
        return tally.facts(response, "stream ended without its done line");
    }

    /** Ollama's errors are a body of one field, {@code {"error": "model 'x' not found"}}; it names no type. */
    @Override
    public String errorType(CapturedResponse response) {
        try {
            JsonNode root = response.body().document(List.of("error"), false).fields();
            return root.size() == 1 && root.path("error").isTextual() ? "error" : null;
        } catch (MalformedBodyException notOllamas) {
            return null;
        }
    }

    private static String model(JsonNode root) {
        return looksLikeOllama(root) ? Json.text(root, "model") : null;
    }

    private static Usage usage(JsonNode root) {
        if (!looksLikeOllama(root)) {
            return null;
        }
        Long prompt = TokenCount.read(root, "prompt_eval_count");
        Long output = TokenCount.read(root, "eval_count");
        if (output == null && prompt == null && !root.path("done").asBoolean(false)) {
            return null;
        }
        return Usage.of(prompt == null ? 0L : prompt, output == null ? 0L : output, null, null, null, null);
    }

    private static boolean looksLikeOllama(JsonNode root) {
        return root.has("done") || root.has("eval_count") || root.has("prompt_eval_count");
    }
}
