package dev.llmcost.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

import java.util.List;

/**
 * {@code …/chat/completions}, {@code …/completions} and {@code …/embeddings}, from OpenAI and the servers that
 * copy its API: all three report the same {@code usage} object, among the last fields of the body (after the model
 * in embeddings, so both are looked for in the tail of a body over the capture limit).
 *
 * <p>Streams carry usage in one chunk: the final one when the request set {@code stream_options.include_usage}
 * (OpenAI, Azure, DeepSeek, OpenRouter), the last content chunk unasked (Mistral), or under {@code x_groq.usage}
 * (Groq). That chunk is the terminal usage. A server that repeats usage on several chunks sends running totals:
 * the last is billed only once the stream reached {@code [DONE]}, else it is partial.
 */
public final class OpenAiCompletions implements ApiParser {

    private static final List<String> TAIL_KEYS = List.of("model", "usage");

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
            return Documents.read(response, TAIL_KEYS, false, root -> Json.text(root, "model"),
                    root -> OpenAiUsage.read(Json.object(root, "usage")));
        }
        StreamTally tally = new StreamTally();
        Usage[] last = new Usage[1];
        int[] usageChunks = new int[1];
        tally.readSseJson(response, chunk -> {
            tally.model(Json.text(chunk, "model"));
            tally.serviceTier(Json.text(chunk, "service_tier"));
            Usage usage = OpenAiUsage.read(Json.object(chunk, "usage"));
            if (usage == null) {
                usage = OpenAiUsage.read(Json.object(Json.object(chunk, "x_groq"), "usage"));
            }
            if (usage != null) {
                last[0] = usage;
                usageChunks[0]++;
            }
        });
        if (usageChunks[0] == 1) {
            tally.billed(last[0]);
        } else {
            tally.runningTotal(last[0]);
        }
        return tally.facts(response, request.streamRequested() && !request.streamUsageRequested()
                ? "stream without usage: the request did not set stream_options.include_usage"
                : "stream carried no usage");
    }
}
