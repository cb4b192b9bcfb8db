package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;

import java.util.List;

/**
 * The Gemini API and Vertex AI: {@code generateContent}, {@code streamGenerateContent} (SSE with
 * {@code alt=sse}, else one JSON array streamed element by element) and {@code embedContent}. The model is in
 * the URL; the response names the exact version in {@code modelVersion}.
 *
 * <p>Streams repeat {@code usageMetadata} on every chunk as running totals (the prompt count may even change on
 * the last one), so the last chunk with counts is what is billed.
 */
public final class GeminiGenerateContent implements ApiParser {

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (response.isEventStream()) {
            StreamTally tally = new StreamTally();
            tally.readSseJson(response, chunk -> accept(chunk, tally));
            return tally.facts(response, "stream carried no usageMetadata");
        }
        if (startsWithArray(response)) {
            StreamTally tally = new StreamTally();
            try {
                List<JsonNode> chunks = response.body().jsonArrayOfObjects();
                chunks.forEach(chunk -> accept(chunk, tally));
            } catch (MalformedBodyException e) {
                return Documents.unreadable(response, e);
            }
            return tally.facts(response, "stream carried no usageMetadata");
        }
        return Documents.read(response, false, root -> Json.text(root, "modelVersion"),
                root -> GeminiUsage.read(Json.object(root, "usageMetadata")));
    }

    private static void accept(JsonNode chunk, StreamTally tally) {
        tally.model(Json.text(chunk, "modelVersion"));
        tally.usage(GeminiUsage.read(Json.object(chunk, "usageMetadata")));
    }

    private static boolean startsWithArray(CapturedResponse response) {
        return response.body().firstNonWhitespace() == '[';
    }
}
