package dev.llmcost.agent.provider.anthropic;

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
 * Anthropic's Messages API ({@code /v1/messages}; also Claude on Vertex AI's {@code :rawPredict}).
 *
 * <p>A stream's {@code message_start} carries the input side and a partial output count; each
 * {@code message_delta} carries cumulative totals of what changed (output always, and with server tools or
 * compaction the input side too). What is billed is {@code message_start}'s counts overlaid by the last
 * {@code message_delta}'s.
 */
public final class AnthropicMessages implements ApiParser {

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
                    root -> AnthropicUsage.read(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        AnthropicStream stream = new AnthropicStream(tally);
        for (SseEvent event : response.body().sseEvents()) {
            if (!event.hasData()) {
                continue;
            }
            try {
                stream.accept(event.json());
            } catch (MalformedBodyException e) {
                tally.malformed(e.getMessage());
            }
        }
        stream.finish(response.ended());
        return tally.facts(response, "stream carried no usage");
    }
}
