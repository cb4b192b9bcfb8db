package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.provider.format.SseEvent;

/**
 * OpenAI's Responses API ({@code POST …/responses}). A plain response carries {@code usage}; a stream carries
 * it once, in the response object of its terminal event ({@code response.completed}, or
 * {@code response.incomplete} / {@code response.failed}, which are billed for what was generated).
 */
public final class OpenAiResponses implements ApiParser {

    @Override
    public RequestFacts parseRequest(JsonNode body) {
        if (body == null) {
            return RequestFacts.UNKNOWN;
        }
        JsonNode stream = body.get("stream");
        boolean streaming = stream != null && stream.asBoolean(false);
        return new RequestFacts(Json.text(body, "model"), streaming, streaming);
    }

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, false, root -> Json.text(root, "model"),
                    root -> OpenAiUsage.readResponses(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        for (SseEvent event : response.body().sseEvents()) {
            if (!event.hasData()) {
                continue;
            }
            JsonNode data;
            try {
                data = event.json();
            } catch (MalformedBodyException e) {
                tally.malformed(e.getMessage());
                continue;
            }
            JsonNode inner = Json.object(data, "response");
            tally.model(Json.text(inner, "model"));
            tally.usage(OpenAiUsage.readResponses(Json.object(inner, "usage")));
            if ("error".equals(Json.text(data, "type"))) {
                tally.failed(String.valueOf(Json.text(data, "code")));
            }
        }
        return tally.facts(response, "stream ended without response.completed");
    }
}
