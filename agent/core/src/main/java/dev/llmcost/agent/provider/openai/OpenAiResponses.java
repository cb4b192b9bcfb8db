package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

import java.util.List;
import java.util.Set;

/**
 * OpenAI's Responses API ({@code POST …/responses}). A plain response carries {@code usage} near its end; a
 * stream carries it once, in the response object of its terminal event ({@code response.completed}, or
 * {@code response.incomplete} / {@code response.failed}, which are billed for what was generated). An
 * {@code error} event is the provider's error event.
 */
public final class OpenAiResponses implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("service_tier", "usage");
    private static final Set<String> TERMINAL_EVENTS = Set.of("response.completed", "response.incomplete",
            "response.failed");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, TAIL_KEYS, false, root -> Json.text(root, "model"),
                    root -> OpenAiUsage.readResponses(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        tally.readSseJson(response, data -> {
            String type = Json.text(data, "type");
            JsonNode inner = Json.object(data, "response");
            tally.model(Json.text(inner, "model"));
            tally.serviceTier(Json.text(inner, "service_tier"));
            if (TERMINAL_EVENTS.contains(type)) {
                tally.billed(OpenAiUsage.readResponses(Json.object(inner, "usage")));
                tally.finished();
            } else if ("error".equals(type) && Json.object(data, "error") == null) {
                // The older shape, {"type": "error", "code": …}; an error object is read as every stream's is.
                tally.failed(Documents.identifier(Json.text(data, "code")));
            }
        });
        return tally.facts(response, "stream ended without usage in response.completed");
    }
}
