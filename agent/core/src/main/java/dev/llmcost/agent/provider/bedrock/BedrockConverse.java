package dev.llmcost.agent.provider.bedrock;

import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.AwsEventMessage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;

/**
 * Bedrock Runtime {@code Converse} (usage in the body) and {@code ConverseStream} (usage in the final
 * {@code metadata} event). The model is the one in the URL — a model id, an inference profile or an ARN — which
 * is what AWS prices; the body does not name one.
 */
public final class BedrockConverse implements ApiParser {

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isAwsEventStream()) {
            return Documents.read(response, false, root -> null,
                    root -> BedrockUsage.converse(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        try {
            for (AwsEventMessage message : response.body().awsEventMessages()) {
                if (message.isException()) {
                    tally.failed(message.exceptionType());
                } else if ("metadata".equals(message.eventType())) {
                    readMetadata(message, tally);
                }
            }
        } catch (MalformedBodyException e) {
            return Documents.unreadable(response, e);
        }
        return tally.facts(response, "stream ended without its metadata event");
    }

    private static void readMetadata(AwsEventMessage message, StreamTally tally) {
        try {
            tally.usage(BedrockUsage.converse(Json.object(message.json(), "usage")));
        } catch (MalformedBodyException e) {
            tally.malformed(e.getMessage());
        }
    }
}
