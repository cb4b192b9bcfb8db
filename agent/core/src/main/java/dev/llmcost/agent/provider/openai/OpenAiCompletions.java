package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

import java.util.List;

/**
 * {@code …/chat/completions}, {@code …/completions} and {@code …/embeddings}, from OpenAI and the servers that
 * copy its API: all three report the same {@code usage} object, among the last fields of the body (after the model
 * in embeddings, so both are looked for in the tail of a body over the capture limit).
 *
 * <p>Streams carry usage on one chunk: the final one when the request set {@code stream_options.include_usage}
 * (OpenAI, Azure, DeepSeek, OpenRouter: {@code choices} empty), the last content chunk unasked (Mistral), or under
 * {@code x_groq.usage} (Groq), both with a {@code finish_reason}. That chunk is the terminal usage. A server that
 * repeats usage on chunks still streaming (vLLM's running totals) sends partial counts: the last is billed only
 * once the stream reached {@code [DONE]}.
 */
public final class OpenAiCompletions implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("model", "usage");

    @Override
    public RequestFacts parseRequest(JsonNode body) {
        if (body == null) {
            return RequestFacts.UNKNOWN;
        }
        JsonNode stream = body.get("stream");
        JsonNode includeUsage = body.path("stream_options").get("include_usage");
        return new RequestFacts(Json.text(body, "model"),
                stream != null && stream.asBoolean(false),
                includeUsage != null && includeUsage.asBoolean(false));
    }

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.readDocument(response, TAIL_KEYS, false, root -> Json.text(root, "model"),
                    document -> document.usageFields() == null ? null : OpenAiUsage.read(document.fields(),
                            Json.object(document.usageFields(), "usage"), OpenAiUsage.reasoningApart(
                                    response.provider(), Json.text(document.fields(), "model"))));
        }
        StreamTally tally = new StreamTally();
        tally.readSseJson(response, false, (chunk, event) -> {
            tally.model(Json.text(chunk, "model"));
            tally.serviceTier(Json.text(chunk, "service_tier"));
            JsonNode usageNode = Json.object(chunk, "usage");
            if (usageNode == null) {
                usageNode = Json.object(Json.object(chunk, "x_groq"), "usage");
            }
            Usage usage = OpenAiUsage.read(chunk, usageNode, OpenAiUsage.reasoningApart(response.provider(),
                    Json.text(chunk, "model")));
            if (usage != null) {
                // Only the few chunks with usage are read again with their choices.
                if (isFinalChunk(event.jsonWithArrays())) {
                    tally.billed(usage);
                } else {
                    tally.runningTotal(usage);
                }
            }
        });
        return tally.facts(response, request.streamRequested() && !request.streamUsageRequested()
                ? "stream without usage: the request did not set stream_options.include_usage"
                : "stream carried no usage");
    }

    /** A chunk after the content (no choices) or ending it (a choice with a {@code finish_reason}). */
    private static boolean isFinalChunk(JsonNode chunk) {
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return true;
        }
        for (JsonNode choice : choices) {
            if (Json.text(choice, "finish_reason") != null) {
                return true;
            }
        }
        return false;
    }
}
