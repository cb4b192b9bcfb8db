package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;

import java.util.List;

/**
 * Vertex AI {@code :predict} for Google's embedding models: each prediction reports its own
 * {@code embeddings.statistics.token_count}; the call's input is their sum.
 */
public final class VertexPredict implements ApiParser {

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        // Each prediction counts its own tokens: a body over the capture limit cannot be summed from its tail.
        return Documents.read(response, List.of(), true, root -> null, VertexPredict::usage);
    }

    private static Usage usage(JsonNode root) {
        JsonNode predictions = root.get("predictions");
        if (predictions == null || !predictions.isArray()) {
            return null;
        }
        Long total = null;
        for (JsonNode prediction : predictions) {
            Long count = TokenCount.read(prediction.path("embeddings").path("statistics"), "token_count");
            if (count != null) {
                total = TokenCount.sum("statistics.token_count of the predictions", total == null ? 0 : total, count);
            }
        }
        return Usage.of(total, null, null, null, null, null);
    }
}
