package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.provider.format.SseEvent;
import dev.llmcost.agent.queue.UsageStatus;

/**
 * {@code POST …/chat/completions}, from OpenAI and the servers that copy its API.
 *
 * <p>Plain responses carry {@code usage} at the top level. Streams carry it in the final chunk when the
 * request set {@code stream_options.include_usage} (OpenAI, Azure, DeepSeek, OpenRouter), in the last content
 * chunk unasked (Mistral), or under {@code x_groq.usage} (Groq). Some servers repeat usage on several chunks;
 * the counts are cumulative, so the last one is what the provider bills.
 */
public final class OpenAiChatCompletions implements ApiParser {

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
        return response.isEventStream() ? parseStream(response, request) : parseDocument(response);
    }

    private static ResponseFacts parseDocument(CapturedResponse response) {
        JsonNode root;
        try {
            root = response.body().json();
        } catch (MalformedBodyException e) {
            return ResponseFacts.without(null, response.ended() ? UsageStatus.MALFORMED : UsageStatus.INCOMPLETE,
                    e.getMessage());
        }
        String model = Json.text(root, "model");
        Usage usage = OpenAiUsage.read(Json.object(root, "usage"));
        return usage != null ? ResponseFacts.reported(model, usage)
                : ResponseFacts.without(model, UsageStatus.MISSING, "response has no usage");
    }

    private static ResponseFacts parseStream(CapturedResponse response, RequestFacts request) {
        String model = null;
        Usage usage = null;
        String malformed = null;
        for (SseEvent event : response.body().sseEvents()) {
            if (!event.hasData() || event.dataEquals("[DONE]")) {
                continue;
            }
            JsonNode chunk;
            try {
                chunk = event.json();
            } catch (MalformedBodyException e) {
                malformed = e.getMessage();
                continue;
            }
            if (model == null) {
                model = Json.text(chunk, "model");
            }
            Usage chunkUsage = OpenAiUsage.read(Json.object(chunk, "usage"));
            if (chunkUsage == null) {
                chunkUsage = OpenAiUsage.read(Json.object(Json.object(chunk, "x_groq"), "usage"));
            }
            if (chunkUsage != null) {
                usage = chunkUsage;
            }
        }
        if (usage != null) {
            return ResponseFacts.reported(model, usage);
        }
        if (!response.ended()) {
            return ResponseFacts.without(model, UsageStatus.INCOMPLETE, "stream closed before its usage arrived");
        }
        if (malformed != null) {
            return ResponseFacts.without(model, UsageStatus.MALFORMED, "stream chunk: " + malformed);
        }
        return ResponseFacts.without(model, UsageStatus.MISSING, request.streamRequested()
                && !request.streamUsageRequested()
                ? "stream without usage: the request did not set stream_options.include_usage"
                : "stream carried no usage");
    }
}
