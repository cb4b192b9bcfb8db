package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.Json;

/** What a request body says that pricing needs: the model asked for, and whether a stream was asked for. */
public record RequestFacts(String model, boolean streamRequested, boolean streamUsageRequested) {

    public static final RequestFacts UNKNOWN = new RequestFacts(null, false, false);

    /** {@code model} and {@code stream} (a stream that carries its usage unasked), or UNKNOWN without a body. */
    public static RequestFacts read(JsonNode body) {
        return read(body, false);
    }

    /** As {@link #read(JsonNode)}, for an API that streams when {@code stream} is absent. */
    public static RequestFacts read(JsonNode body, boolean streamByDefault) {
        if (body == null) {
            return UNKNOWN;
        }
        JsonNode stream = body.get("stream");
        boolean streaming = stream == null ? streamByDefault : stream.asBoolean(streamByDefault);
        return new RequestFacts(Json.text(body, "model"), streaming, streaming);
    }
}
