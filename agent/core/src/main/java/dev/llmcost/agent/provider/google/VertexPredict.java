package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.Usage;

/**
 * Vertex AI {@code :predict} for Google's embedding models: each prediction reports its own
 * {@code embeddings.statistics.token_count}; the call's input is their sum.
 */
public final class VertexPredict implements ApiParser {

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        return Documents.read(response, true, root -> null, VertexPredict::usage);
    }

    private static Usage usage(JsonNode root) {
        JsonNode predictions = root.get("predictions");
        if (predictions == null || !predictions.isArray()) {
            return null;
        }
        Long total = null;
        for (JsonNode prediction : predictions) {
            JsonNode count = prediction.path("embeddings").path("statistics").get("token_count");
            if (count != null && count.isNumber()) {
                total = (total == null ? 0 : total) + count.asLong();
            }
        }
        return Usage.of(total, null, null, null, null, null);
    }
}
