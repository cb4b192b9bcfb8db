package dev.llmcost.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock serving bad responses, each at the path of the sample app's scenario of the same name (see
 * {@code sample.BadInputCalls}): counts that are not counts, cut and failed streams, corrupt AWS frames, a 50 MB
 * embeddings body, and a gateway's errors on generic paths. It runs on localhost, a host no provider uses.
 */
final class BadInputStub implements AutoCloseable {

    static final String ANTHROPIC_STREAM = "anthropic/messages/stream-basic-claude-3-haiku.sse";
    static final String CONVERSE_STREAM = "aws_bedrock/converse_stream/meta-llama3-2-1b.bin";
    static final String INVOKE_STREAM = "aws_bedrock/invoke_model_with_response_stream/"
            + "anthropic-claude-3-5-sonnet-tool-use.bin";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    final byte[] largeEmbeddings = largeEmbeddings();
    final byte[] cutAnthropicStream;
    final byte[] badCrcStream;

    BadInputStub() {
        server.start();
        json("ollama-negative", "/api/chat", ollama("26", "-1"));
        json("ollama-null", "/api/chat", ollama("null", "null"));
        json("openai-negative", "/v1/chat/completions", chat("-12", "5"));
        json("openai-fraction", "/v1/chat/completions", chat("12", "7.999999999"));
        json("openai-half", "/v1/chat/completions", chat("12", "12.5"));
        json("openai-string", "/v1/chat/completions", chat("\"12\"", "5"));
        json("anthropic-null", "/v1/messages", anthropic("claude-opus-4-6", "null", "40"));
        json("bedrock-min-long", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
                converse("10", "-9223372036854775808"));
        json("bedrock-1e30", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", converse("1e30", "7"));
        serve("bedrock-header-2e64", "/model/cohere.command-r-v1%3A0/invoke", invokeWithHeader("18446744073709551616"));
        serve("bedrock-header-max", "/model/cohere.command-r-v1%3A0/invoke", invokeWithHeader("9223372036854775807"));

        String stream = new String(OpenAiStub.bytes(ANTHROPIC_STREAM), StandardCharsets.UTF_8);
        String beforeDelta = stream.substring(0, stream.indexOf("event: message_delta"));
        cutAnthropicStream = beforeDelta.getBytes(StandardCharsets.UTF_8);
        serve("anthropic-stream-cut", "/v1/messages", stream(cutAnthropicStream, "text/event-stream"));
        serve("anthropic-stream-error", "/v1/messages", stream((beforeDelta + "event: error\ndata: {\"type\":\"error\","
                + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
                .getBytes(StandardCharsets.UTF_8), "text/event-stream"));

        byte[] converse = OpenAiStub.bytes(CONVERSE_STREAM);
        List<Integer> starts = messageStarts(converse);
        badCrcStream = converse.clone();
        badCrcStream[starts.get(starts.size() / 2) + 14] ^= 0x20;
        serve("bedrock-stream-bad-crc", "/model/meta.llama3-2-1b-instruct-v1%3A0/converse-stream",
                stream(badCrcStream, "application/vnd.amazon.eventstream"));
        serve("bedrock-stream-cut", "/model/meta.llama3-2-1b-instruct-v1%3A0/converse-stream",
                stream(Arrays.copyOf(converse, starts.get(starts.size() / 2) + 20),
                        "application/vnd.amazon.eventstream"));
        byte[] invoke = OpenAiStub.bytes(INVOKE_STREAM).clone();
        invoke[invoke.length - 10] ^= 0x01;
        serve("bedrock-stream-broken-metrics",
                "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream",
                stream(invoke, "application/vnd.amazon.eventstream"));

        serve("large-embeddings", "/v1/embeddings", aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(largeEmbeddings));
        // A real call that costs $5,000: 999,999,999 input tokens of Claude Opus 4.6 at $5 per million.
        json("expensive", "/v1/messages", anthropic("claude-opus-4-6", "999999999", "1000"));

        serve("gateway-embeddings-429", "/v1/embeddings", aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody(OpenAiStub.RATE_LIMITED));
        serve("gateway-responses-400", "/v1/responses", aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"Invalid 'input': "
                        + "empty\",\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":null}}"));
        json("anthropic-newest-model", "/v1/messages", anthropic("claude-opus-5-5", "20", "10"));
    }

    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    private void json(String scenario, String path, String body) {
        serve(scenario, path, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body));
    }

    private void serve(String scenario, String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo("/" + scenario + path)).willReturn(response));
    }

    private static ResponseDefinitionBuilder stream(byte[] body, String contentType) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body);
    }

    private static ResponseDefinitionBuilder invokeWithHeader(String inputTokens) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("X-Amzn-Bedrock-Input-Token-Count", inputTokens)
                .withHeader("X-Amzn-Bedrock-Output-Token-Count", "7")
                .withBody(OpenAiStub.bytes("aws_bedrock/invoke_model/cohere-command-r-usage-only-in-headers.json"));
    }

    private static String ollama(String prompt, String eval) {
        return "{\"model\":\"llama3\",\"created_at\":\"2026-12-02T10:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hi\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":" + prompt
                + ",\"eval_count\":" + eval + "}";
    }

    private static String chat(String prompt, String completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
                + completion + ",\"total_tokens\":17}}";
    }

    private static String anthropic(String model, String input, String output) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output + "}}";
    }

    private static String converse(String input, String output) {
        return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":" + input + ",\"outputTokens\":" + output
                + ",\"totalTokens\":17}}";
    }

    /** A 50 MB embeddings batch whose usage is at its very end, past the agent's 4 MiB capture limit. */
    private static byte[] largeEmbeddings() {
        StringBuilder body = new StringBuilder(52_000_000).append("{\"object\":\"list\",\"data\":[");
        Random random = new Random(8);
        for (int i = 0; body.length() < 50_000_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[");
            for (int d = 0; d < 512; d++) {
                body.append(d == 0 ? "" : ",").append(random.nextInt(2_000_000) - 1_000_000).append("e-7");
            }
            body.append("]}");
        }
        return body.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":4183211,"
                + "\"total_tokens\":4183211}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<Integer> messageStarts(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int at = 0; at + 12 <= stream.length; at += ByteBuffer.wrap(stream, at, 4).getInt()) {
            starts.add(at);
        }
        return starts;
    }

    @Override
    public void close() {
        server.stop();
    }
}
