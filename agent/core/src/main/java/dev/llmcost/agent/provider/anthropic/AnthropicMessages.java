package dev.llmcost.agent.provider.anthropic;

import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

import java.util.List;

/**
 * Anthropic's Messages API ({@code /v1/messages}; also Claude on Vertex AI's {@code :rawPredict}): {@code usage} is
 * the last field of a message; a stream is read by {@link AnthropicStream}.
 */
public final class AnthropicMessages implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("stop_reason", "usage");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, TAIL_KEYS, false, root -> Json.text(root, "model"),
                    root -> AnthropicUsage.read(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        AnthropicStream stream = new AnthropicStream(tally, true);
        tally.readSseJson(response, stream::accept);
        return tally.facts(response, "stream ended without a message_delta before message_stop");
    }
}
