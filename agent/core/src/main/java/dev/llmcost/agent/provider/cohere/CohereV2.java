package dev.llmcost.agent.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

import java.util.List;

/**
 * Cohere's v2 API: {@code /v2/chat} (usage in the body, or in a stream's {@code message-end} event, the terminal
 * usage) and {@code /v2/embed} (usage in {@code meta.billed_units}).
 *
 * <p>Chat reports two counts: {@code usage.tokens}, every token the model processed, and
 * {@code usage.billed_units}, which leaves out the system preamble Cohere adds itself. The ledger takes
 * {@code tokens} — the model's real input, comparable with every other provider's — and Cohere's list prices
 * apply to it; {@code billed_units} is used only when {@code tokens} is absent (embed).
 */
public final class CohereV2 implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("finish_reason", "usage", "meta");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, TAIL_KEYS, false, root -> null, root -> root.has("meta")
                    && !root.has("usage") ? billed(Json.object(Json.object(root, "meta"), "billed_units"))
                    : usage(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        tally.readSseJson(response, event -> {
            if ("message-end".equals(Json.text(event, "type"))) {
                tally.billed(usage(Json.object(Json.object(event, "delta"), "usage")));
                tally.finished();
            }
        });
        return tally.facts(response, "stream ended without usage in message-end");
    }

    private static Usage usage(JsonNode usage) {
        JsonNode tokens = Json.object(usage, "tokens");
        if (tokens == null) {
            return billed(Json.object(usage, "billed_units"));
        }
        return Usage.of(TokenCount.require(tokens, "input_tokens"), TokenCount.require(tokens, "output_tokens"),
                TokenCount.readNullable(usage, "cached_tokens"), null, null, null);
    }

    private static Usage billed(JsonNode units) {
        if (units == null) {
            return null;
        }
        // Embed bills input only.
        return Usage.of(TokenCount.require(units, "input_tokens"), TokenCount.read(units, "output_tokens"), null,
                null, null, null);
    }
}
