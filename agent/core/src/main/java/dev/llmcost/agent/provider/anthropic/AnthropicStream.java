package dev.llmcost.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

/**
 * The events of one Anthropic message stream, however they arrive: as SSE from Anthropic and Vertex AI, or as
 * the base64 chunks of Bedrock's {@code InvokeModelWithResponseStream}.
 */
public final class AnthropicStream {

    private final StreamTally tally;
    private final AnthropicUsage counts = new AnthropicUsage();
    private boolean delta;

    public AnthropicStream(StreamTally tally) {
        this.tally = tally;
    }

    public void accept(JsonNode event) {
        String type = Json.text(event, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "message_start" -> {
                JsonNode message = Json.object(event, "message");
                tally.model(Json.text(message, "model"));
                tally.serviceTier(Json.text(Json.object(message, "usage"), "service_tier"));
                counts.merge(Json.object(message, "usage"));
            }
            case "message_delta" -> {
                delta = true;
                counts.merge(Json.object(event, "usage"));
            }
            case "error" -> tally.failed(String.valueOf(Json.text(Json.object(event, "error"), "type")));
            default -> {
            }
        }
    }

    /**
     * Hands the totals to the tally. {@code message_start}'s output count is partial, so without a
     * {@code message_delta} the counts stand only for a stream that ended (a stream the application abandoned
     * stays incomplete).
     */
    public void finish(boolean ended) {
        if (delta || ended) {
            tally.usage(counts.toUsage());
        }
    }
}
