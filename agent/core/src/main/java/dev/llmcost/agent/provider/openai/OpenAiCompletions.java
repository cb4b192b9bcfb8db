package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.format.Json;

/**
 * {@code …/chat/completions}, {@code …/completions} and {@code …/embeddings}, from OpenAI and the servers that
 * copy its API: all three report the same {@code usage} object.
 *
 * <p>Plain responses carry {@code usage} at the top level. Streams carry it in the final chunk when the
 * request set {@code stream_options.include_usage} (OpenAI, Azure, DeepSeek, OpenRouter), in the last content
 * chunk unasked (Mistral), or under {@code x_groq.usage} (Groq). Some servers repeat usage on several chunks;
 * the counts are cumulative, so the last one is what the provider bills.
 */
public final class OpenAiCompletions implements ApiParser {

    @Override
    public RequestFacts parseRequest(JsonNode body) {
        if (body == null) {
            return RequestFacts.UNKNOWN;
        }
        JsonNode stream = body.get("stream");
        JsonNode includeUsage = body.path("stream_options").get("include_usage");
        return new RequestFacts(Json.text(body, "model"),
                stream != null && stream.asBoolean(false),
                includeUsage != null && includeUsage.asBoolean(false));
    }

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (!response.isEventStream()) {
            return Documents.read(response, false, root -> Json.text(root, "model"),
                    root -> OpenAiUsage.read(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        tally.readSseJson(response, chunk -> {
            tally.model(Json.text(chunk, "model"));
            tally.serviceTier(Json.text(chunk, "service_tier"));
            tally.usage(OpenAiUsage.read(Json.object(chunk, "usage")));
            tally.usage(OpenAiUsage.read(Json.object(Json.object(chunk, "x_groq"), "usage")));
        });
        return tally.facts(response, request.streamRequested() && !request.streamUsageRequested()
                ? "stream without usage: the request did not set stream_options.include_usage"
                : "stream carried no usage");
    }
}
