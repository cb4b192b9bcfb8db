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
import dev.llmcost.agent.provider.InvalidCountException;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.format.AwsEventMessage;
import dev.llmcost.agent.provider.format.AwsEventStream;
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

    /** Where the family bodies put their counts, for a body over the capture limit. */
    private static final List<String> TAIL_KEYS = List.of("amazon-bedrock-invocationMetrics", "stop_reason",
            "stopReason", "usage", "inputTextTokenCount", "prompt_token_count");

    @Override
    public ResponseFacts parseResponse(CapturedResponse response, RequestFacts request) {
        if (response.isAwsEventStream()) {
            return parseStream(response);
        }
        Usage fromHeaders;
        try {
            fromHeaders = BedrockUsage.withCache(header(response, INPUT), header(response, OUTPUT),
                    header(response, CACHE_READ), header(response, CACHE_WRITE));
        } catch (InvalidCountException e) {
            return ResponseFacts.without(null, UsageStatus.MALFORMED, e.getMessage());
        }
        if (fromHeaders != null) {
            return ResponseFacts.reported(null, fromHeaders);
        }
        return Documents.read(response, TAIL_KEYS, true, root -> null, BedrockInvoke::familyUsage);
    }

    private static Long header(CapturedResponse response, String name) {
        return TokenCount.header(name, response.headers().get(name));
    }

    /** Usage in a model family's own response body, when the token-count headers are missing. */
    static Usage familyUsage(JsonNode root) {
        Usage metrics = BedrockUsage.invocationMetrics(Json.object(root, "amazon-bedrock-invocationMetrics"));
        if (metrics != null) {
            return metrics;
        }
        JsonNode usage = Json.object(root, "usage");
        if (usage != null) {
            return usage.has("input_tokens") || usage.has("output_tokens") ? AnthropicUsage.read(usage)
                    : BedrockUsage.converse(usage);
        }
        Long titanInput = TokenCount.read(root, "inputTextTokenCount");
        if (titanInput != null) {
            Long output = TokenCount.read(root, "totalOutputTextTokenCount");
            JsonNode results = root.get("results");
            if (output == null && results != null && results.isArray()) {
                long sum = 0;
                for (JsonNode result : results) {
                    Long count = TokenCount.read(result, "tokenCount");
                    sum = TokenCount.sum("results[].tokenCount", sum, count == null ? 0 : count);
                }
                output = sum;
            }
            return Usage.of(titanInput, output, null, null, null, null);
        }
        return Usage.of(TokenCount.read(root, "prompt_token_count"), TokenCount.read(root, "generation_token_count"),
                null, null, null, null);
    }

    /**
     * A stream is billed by the {@code amazon-bedrock-invocationMetrics} of its last chunk, the terminal usage;
     * the family's own counts on the way (Anthropic's events, Nova's metadata, Titan's counts) are partial, since
     * they can disagree with what AWS bills.
     */
    private static ResponseFacts parseStream(CapturedResponse response) {
        AwsEventStream stream;
        try {
            stream = response.body().awsEventMessages();
        } catch (MalformedBodyException e) {
            return Documents.unreadable(response, e);
        }
        StreamTally tally = new StreamTally();
        AnthropicStream anthropic = new AnthropicStream(tally, false);
        for (AwsEventMessage message : stream.messages()) {
            if (message.isException()) {
                tally.failed(Documents.identifier(message.exceptionType()));
            } else if ("chunk".equals(message.eventType())) {
                tally.read(() -> readChunk(message, anthropic, tally));
            }
        }
        tally.framing(stream.framing());
        ResponseFacts facts = tally.facts(response, "stream ended without amazon-bedrock-invocationMetrics");
        // The inner Anthropic events name the model; Bedrock prices by the model id in the URL.
        return facts.withoutModel();
    }

    private static void readChunk(AwsEventMessage message, AnthropicStream anthropic, StreamTally tally)
            throws MalformedBodyException {
        JsonNode chunk = chunkBody(message);
        if (chunk == null) {
            return;
        }
        anthropic.accept(chunk);
        Usage metrics = BedrockUsage.invocationMetrics(Json.object(chunk, "amazon-bedrock-invocationMetrics"));
        if (metrics != null) {
            tally.billed(metrics);
        } else if (chunk.has("metadata")) {
            tally.partial(BedrockUsage.converse(Json.object(Json.object(chunk, "metadata"), "usage")));
        } else if (!chunk.has("type")) {
            tally.partial(familyUsage(chunk));
        }
    }

    /** The family body inside a {@code chunk} event: {@code {"bytes": base64}}. */
    private static JsonNode chunkBody(AwsEventMessage message) throws MalformedBodyException {
        String encoded = Json.text(message.json(), "bytes");
        if (encoded == null) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException notBase64) {
            throw new MalformedBodyException("chunk bytes are not base64");
        }
        return Json.read(decoded, 0, decoded.length);
    }
}
