package dev.llmcost.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock playing OpenAI, answering with real recorded responses. Each sample-app scenario calls its own path
 * prefix ({@code /json}, {@code /stream}, …) so that each gets the response it is about.
 */
final class OpenAiStub implements AutoCloseable {

    static final String BASIC = "openai/chat_completions/basic-gpt-4o-mini.json";
    static final String CACHED = "openai/chat_completions/prompt-cache-hit-cached-tokens-1024.json";
    static final String REASONING = "openai/chat_completions/reasoning-gpt-5-nano.json";
    static final String STREAM = "openai/chat_completions/stream-include-usage-wiremock.sse";
    static final String STREAM_WITHOUT_USAGE = "openai/chat_completions/stream-without-usage.sse";
    static final String MALFORMED = "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":";
    static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\","
            + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    OpenAiStub() {
        server.start();
        chat("/json", json(BASIC));
        chat("/sdk-json", json(BASIC));
        chat("/cached", json(CACHED));
        chat("/reasoning", json(REASONING));
        chat("/stream", eventStream(STREAM));
        chat("/sdk-stream", eventStream(STREAM));
        chat("/stream-no-usage", eventStream(STREAM_WITHOUT_USAGE));
        chat("/malformed", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(MALFORMED));
        chat("/ratelimited", aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "20").withBody(RATE_LIMITED));
        server.stubFor(post(urlPathEqualTo("/api/chat")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ticket\":7,\"reply\":\"We are on it\"}")));
        server.stubFor(post(urlPathEqualTo("/api/orders")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"order\":\"42\"}")));
        server.stubFor(get(urlPathEqualTo("/json/v1/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"data\":[{\"id\":\"gpt-4o-mini\"}]}")));
    }

    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    int requestCount() {
        return server.getAllServeEvents().size();
    }

    private void chat(String prefix, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(prefix + "/v1/chat/completions")).willReturn(response));
    }

    static ResponseDefinitionBuilder json(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(bytes(fixture));
    }

    /** Sent in several chunks with pauses, as a provider streams. */
    static ResponseDefinitionBuilder eventStream(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withBody(bytes(fixture)).withChunkedDribbleDelay(6, 120);
    }

    static byte[] bytes(String fixture) {
        try {
            return Files.readAllBytes(Artifacts.fixture(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a scenario that reads the body line by line saw: its lines joined by \n. */
    static byte[] lines(String fixture) {
        return String.join("\n", new String(bytes(fixture), StandardCharsets.UTF_8).lines().toList())
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
