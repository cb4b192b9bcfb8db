package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.JsonArrayStream;
import dev.llmcost.agent.provider.format.MalformedBodyException;

import java.util.List;

/**
 * The Gemini API and Vertex AI: {@code generateContent}, {@code streamGenerateContent} (SSE with
 * {@code alt=sse}, else one JSON array streamed element by element) and {@code embedContent}. The model is in
 * the URL; the response names the exact version in {@code modelVersion}, after {@code usageMetadata} at the end.
 *
 * <p>Streams repeat {@code usageMetadata} on every chunk as running totals (the prompt count may even change on
 * the last one). The terminal usage is the last chunk's own: an SSE stream's chunk after which every candidate has a
 * {@code finishReason} (or a blocked prompt's {@code promptFeedback}), a JSON array's last element once the array
 * is closed.
 */
public final class GeminiGenerateContent implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("usageMetadata");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (response.isEventStream()) {
            StreamTally tally = new StreamTally();
            Candidates candidates = new Candidates();
            tally.readSseJson(response, true, (chunk, event) -> accept(chunk, tally, candidates.allFinishedWith(chunk)));
            return tally.facts(response, "the stream's last chunk carried no usageMetadata");
        }
        if (startsWithArray(response)) {
            StreamTally tally = new StreamTally();
            JsonArrayStream array;
            try {
                array = response.body().jsonArrayOfObjects(TAIL_KEYS);
            } catch (MalformedBodyException e) {
                return Documents.unreadable(response, e);
            }
            List<JsonNode> chunks = array.elements();
            for (int i = 0; i < chunks.size(); i++) {
                JsonNode chunk = chunks.get(i);
                boolean last = array.closed() && i == chunks.size() - 1;
                tally.read(() -> accept(chunk, tally, last));
            }
            if (!array.closed()) {
                tally.cut();
            }
            return tally.facts(response, "the stream's last chunk carried no usageMetadata");
        }
        return Documents.read(response, TAIL_KEYS, false, root -> Json.text(root, "modelVersion"),
                root -> GeminiUsage.read(Json.object(root, "usageMetadata")));
    }

    /** The last chunk's own usage is billed; the running totals before it are partial. */
    private static void accept(JsonNode chunk, StreamTally tally, boolean last) {
        tally.model(Json.text(chunk, "modelVersion"));
        Usage usage = GeminiUsage.read(Json.object(chunk, "usageMetadata"));
        if (last) {
            tally.billed(usage);
            tally.finished();
        } else {
            tally.partial(usage);
        }
    }

    /**
     * The candidates a stream has shown and those that have finished: the stream's last chunk is the one after
     * which every candidate seen has a {@code finishReason} (with {@code candidateCount} above one they finish
     * apart), or one saying the prompt was blocked.
     */
    private static final class Candidates {
        private final java.util.Set<Long> seen = new java.util.HashSet<>();
        private final java.util.Set<Long> finished = new java.util.HashSet<>();

        boolean allFinishedWith(JsonNode chunk) {
            JsonNode candidates = chunk.get("candidates");
            boolean finishes = false;
            if (candidates != null && candidates.isArray()) {
                for (JsonNode candidate : candidates) {
                    long index = candidate.path("index").asLong(0);
                    seen.add(index);
                    if (Json.text(candidate, "finishReason") != null) {
                        finished.add(index);
                        finishes = true;
                    }
                }
            }
            return finishes && finished.containsAll(seen)
                    || Json.text(Json.object(chunk, "promptFeedback"), "blockReason") != null;
        }
    }

    private static boolean startsWithArray(CapturedResponse response) {
        return response.body().firstNonWhitespace() == '[';
    }
}
