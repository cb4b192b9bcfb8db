package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

/**
 * OpenAI's Responses API ({@code POST …/responses}). A plain response carries {@code usage}; a stream carries
 * it once, in the response object of its terminal event ({@code response.completed}, or
 * {@code response.incomplete} / {@code response.failed}, which are billed for what was generated).
 */
public final class OpenAiResponses implements ApiParser {

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, false, root -> Json.text(root, "model"),
                    root -> OpenAiUsage.readResponses(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        tally.readSseJson(response, data -> {
            JsonNode inner = Json.object(data, "response");
            tally.model(Json.text(inner, "model"));
            tally.serviceTier(Json.text(inner, "service_tier"));
            tally.usage(OpenAiUsage.readResponses(Json.object(inner, "usage")));
            if ("error".equals(Json.text(data, "type"))) {
                tally.failed(String.valueOf(Json.text(data, "code")));
            }
        });
        return tally.facts(response, "stream ended without response.completed");
    }
}
