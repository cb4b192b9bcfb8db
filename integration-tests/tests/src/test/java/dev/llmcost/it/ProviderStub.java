package dev.llmcost.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock playing Anthropic, Google, OpenAI's other APIs, Bedrock, Cohere and Ollama with real recorded
 * responses, each at the path its client calls under a prefix of its own.
 */
final class ProviderStub implements AutoCloseable {

    static final String ANTHROPIC = "anthropic/messages/prompt-cache-write.json";
    static final String ANTHROPIC_STREAM = "anthropic/messages/stream-prompt-cache-read.sse";
    static final String GEMINI = "google_gemini/generate_content/gemini-2.5-flash-thinking.json";
    static final String GEMINI_STREAM = "google_gemini/stream_generate_content/gemini-2.5-flash-sse-thinking.sse";
    static final String RESPONSES = "openai/responses/basic-gpt-4o-mini.json";
    static final String EMBEDDINGS = "openai/embeddings/text-embedding-3-small-float.json";
    static final String CONVERSE = "aws_bedrock/converse/anthropic-claude-sonnet-4-5-cache-read-write.json";
    static final String CONVERSE_STREAM = "aws_bedrock/converse_stream/amazon-nova-micro-tool-use.bin";
    static final String COHERE = "cohere/v2_chat/command-r7b-cached-tokens.json";
    static final String OLLAMA_STREAM = "ollama/chat/stream-llama3.ndjson";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    ProviderStub() {
        server.start();
        serve("/anthropic-json/v1/messages", OpenAiStub.json(ANTHROPIC));
        serve("/anthropic-stream/v1/messages", OpenAiStub.eventStream(ANTHROPIC_STREAM));
        serve("/gemini-json/v1/models/gemini-2.5-flash:generateContent", OpenAiStub.json(GEMINI));
        serve("/gemini-stream/v1/models/gemini-2.5-flash:streamGenerateContent",
                OpenAiStub.eventStream(GEMINI_STREAM));
        serve("/responses-json/v1/responses", OpenAiStub.json(RESPONSES));
        serve("/embeddings-json/v1/embeddings", OpenAiStub.json(EMBEDDINGS));
        serve("/bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", OpenAiStub.json(CONVERSE));
        serve("/bedrock/model/amazon.nova-micro-v1%3A0/converse-stream", streamed(CONVERSE_STREAM,
                "application/vnd.amazon.eventstream"));
        serve("/cohere/v2/chat", OpenAiStub.json(COHERE));
        serve("/ollama/api/chat", streamed(OLLAMA_STREAM, "application/x-ndjson"));
    }

    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    private void serve(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    private static ResponseDefinitionBuilder streamed(String fixture, String contentType) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType)
                .withBody(OpenAiStub.bytes(fixture)).withChunkedDribbleDelay(5, 100);
    }

    @Override
    public void close() {
        server.stop();
    }
}
