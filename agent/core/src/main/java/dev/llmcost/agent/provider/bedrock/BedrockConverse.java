package dev.llmcost.agent.provider.bedrock;

import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.AwsEventMessage;
import dev.llmcost.agent.provider.format.AwsEventStream;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;

import java.util.List;

/**
 * Bedrock Runtime {@code Converse} (usage in the body) and {@code ConverseStream} (usage in the final
 * {@code metadata} event, the terminal usage). The model is the one in the URL — a model id, an inference profile
 * or an ARN — which is what AWS prices; the body does not name one.
 */
public final class BedrockConverse implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("stopReason", "usage");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isAwsEventStream()) {
            return Documents.read(response, TAIL_KEYS, false, root -> null,
                    root -> BedrockUsage.converse(Json.object(root, "usage")));
        }
        AwsEventStream stream;
        try {
            stream = response.body().awsEventMessages();
        } catch (MalformedBodyException e) {
            return Documents.unreadable(response, e);
        }
        StreamTally tally = new StreamTally();
        for (AwsEventMessage message : stream.messages()) {
            if (message.isException()) {
                tally.failed(Documents.identifier(message.exceptionType()));
            } else if ("metadata".equals(message.eventType())) {
                tally.read(() -> tally.billed(BedrockUsage.converse(Json.object(message.json(), "usage"))));
                tally.finished();
            }
        }
        tally.framing(stream.framing());
        return tally.facts(response, "stream ended without usage in its metadata event");
    }
}
