package dev.llmcost.agent.provider.anthropic;

import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

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
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, false, root -> Json.text(root, "model"),
                    root -> AnthropicUsage.read(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        AnthropicStream stream = new AnthropicStream(tally);
        tally.readSseJson(response, stream::accept);
        stream.finish(response.ended());
        return tally.facts(response, "stream carried no usage");
    }
}
