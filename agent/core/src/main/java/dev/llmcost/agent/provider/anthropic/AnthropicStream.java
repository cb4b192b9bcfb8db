package dev.llmcost.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

/**
 * The events of one Anthropic message stream, however they arrive: as SSE from Anthropic and Vertex AI, or as
 * the base64 chunks of Bedrock's {@code InvokeModelWithResponseStream}.
 *
 * <p>{@code message_start} carries the input side and a partial output count; each {@code message_delta} carries
 * cumulative totals of what changed. The call is over at {@code message_stop}: only then are
 * {@code message_start}'s counts overlaid by the last {@code message_delta}'s the billed usage. Before it, they
 * are partial. (An {@code error} event is read as every stream's is: {@link StreamTally#readSseJson}.)
 */
public final class AnthropicStream {

    private final StreamTally tally;
    private final boolean billsUsage;
    private final AnthropicUsage counts = new AnthropicUsage();
    private boolean started;
    private boolean delta;

    /**
     * @param billsUsage whether these events' counts are what the provider bills (Anthropic, Vertex AI), or only
     *                   partial (Bedrock, which bills its own invocation metrics)
     */
    public AnthropicStream(StreamTally tally, boolean billsUsage) {
        this.tally = tally;
        this.billsUsage = billsUsage;
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
                counts.merge(Json.object(message, "usage"), false);
                started = true;
                tally.partial(counts.toUsage());
            }
            case "message_delta" -> {
                delta = true;
                counts.merge(Json.object(event, "usage"), true);
                tally.partial(counts.toUsage());
            }
            case "message_stop" -> {
                // The input side is only in message_start: a stream whose message_start could not be read has no
                // billed usage, whatever its message_delta says.
                if (billsUsage && started && delta) {
                    tally.billed(counts.toUsage());
                }
                tally.finished();
            }
            default -> {
            }
        }
    }
}
