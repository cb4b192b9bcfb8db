package dev.llmcost.agent.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.Documents;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.StreamTally;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.anthropic.AnthropicStream;
import dev.llmcost.agent.provider.anthropic.AnthropicUsage;
import dev.llmcost.agent.provider.format.AwsEventMessage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.queue.UsageStatus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Bedrock Runtime {@code InvokeModel} and {@code InvokeModelWithResponseStream}: the body is the model family's
 * own format, so usage is found in the place AWS bills from.
 *
 * <ul>
 *   <li>{@code InvokeModel}: the {@code X-Amzn-Bedrock-*-Token-Count} response headers, which every family has
 *   (Cohere and Mistral report usage nowhere else); failing those, the body's own counts (Anthropic
 *   {@code usage}, Nova {@code usage}, Titan {@code inputTextTokenCount}/{@code results[].tokenCount}, Llama
 *   {@code prompt_token_count}/{@code generation_token_count}).</li>
 *   <li>Streams: each event-stream {@code chunk} holds a base64 body of the family's format; the last one carries
 *   {@code amazon-bedrock-invocationMetrics}, which wins over the family's own counts (they can disagree, and
 *   the metrics are what AWS bills).</li>
 * </ul>
 */
public final class BedrockInvoke implements ApiParser {

    private static final String INPUT = "x-amzn-bedrock-input-token-count";
    private static final String OUTPUT = "x-amzn-bedrock-output-token-count";
    private static final String CACHE_READ = "x-amzn-bedrock-cache-read-input-token-count";
    private static final String CACHE_WRITE = "x-amzn-bedrock-cache-write-input-token-count";

    public static final List<String> TOKEN_COUNT_HEADERS = List.of(INPUT, OUTPUT, CACHE_READ, CACHE_WRITE);

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (response.isAwsEventStream()) {
            return parseStream(response);
        }
        Usage fromHeaders = BedrockUsage.withCache(response.headerCount(INPUT), response.headerCount(OUTPUT),
                response.headerCount(CACHE_READ), response.headerCount(CACHE_WRITE));
        if (fromHeaders != null) {
            return ResponseFacts.reported(null, fromHeaders);
        }
        return Documents.read(response, true, root -> null, BedrockInvoke::familyUsage);
    }

    /** Usage in a model family's own response body, when the token-count headers are missing. */
    static Usage familyUsage(JsonNode root) {
        Usage metrics = BedrockUsage.invocationMetrics(Json.object(root, "amazon-bedrock-invocationMetrics"));
        if (metrics != null) {
            return metrics;
        }
        JsonNode usage = Json.object(root, "usage");
        if (usage != null) {
            Usage anthropic = AnthropicUsage.read(usage);
            return anthropic != null ? anthropic : BedrockUsage.converse(usage);
        }
        Long titanInput = Json.integer(root, "inputTextTokenCount");
        if (titanInput != null) {
            Long output = Json.integer(root, "totalOutputTextTokenCount");
            JsonNode results = root.get("results");
            if (output == null && results != null && results.isArray()) {
                long sum = 0;
                for (JsonNode result : results) {
                    sum += result.path("tokenCount").asLong(0);
                }
                output = sum;
            }
            return Usage.of(titanInput, output, null, null, null, null);
        }
        return Usage.of(Json.integer(root, "prompt_token_count"), Json.integer(root, "generation_token_count"),
                null, null, null, null);
    }

    private static ResponseFacts parseStream(CapturedResponse response) {
        StreamTally tally = new StreamTally();
        AnthropicStream anthropic = new AnthropicStream(tally);
        Usage billed = null;
        List<AwsEventMessage> messages;
        try {
            messages = response.body().awsEventMessages();
        } catch (MalformedBodyException e) {
            return Documents.unreadable(response, e);
        }
        for (AwsEventMessage message : messages) {
            if (message.isException()) {
                tally.failed(message.exceptionType());
                continue;
            }
            JsonNode chunk = chunkBody(message, tally);
            if (chunk == null) {
                continue;
            }
            anthropic.accept(chunk);
            Usage metrics = BedrockUsage.invocationMetrics(Json.object(chunk, "amazon-bedrock-invocationMetrics"));
            if (metrics != null) {
                billed = metrics;
            }
            if (chunk.has("metadata")) {
                tally.usage(BedrockUsage.converse(Json.object(Json.object(chunk, "metadata"), "usage")));
            } else if (!chunk.has("type")) {
                tally.usage(familyUsage(chunk));
            }
        }
        anthropic.finish(response.ended());
        tally.usage(billed);
        ResponseFacts facts = tally.facts(response, "stream ended without amazon-bedrock-invocationMetrics");
        // The inner Anthropic events name the model; Bedrock prices by the model id in the URL.
        return facts.status() == UsageStatus.REPORTED ? ResponseFacts.reported(null, facts.usage())
                : ResponseFacts.without(null, facts.status(), facts.note());
    }

    /** The family body inside a {@code chunk} event: {@code {"bytes": base64}}. */
    private static JsonNode chunkBody(AwsEventMessage message, StreamTally tally) {
        if (!"chunk".equals(message.eventType())) {
            return null;
        }
        try {
            String encoded = Json.text(message.json(), "bytes");
            if (encoded == null) {
                return null;
            }
            byte[] decoded = Base64.getDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
            return Json.read(decoded, 0, decoded.length);
        } catch (MalformedBodyException | IllegalArgumentException e) {
            tally.malformed("chunk: " + e.getMessage());
            return null;
        }
    }
}
