package dev.llmcost.it;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

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
    static final String VERTEX_STREAM = "google_vertex/stream_generate_content/gemini-2.5-flash-sse.sse";
    static final String RESPONSES = "openai/responses/basic-gpt-4o-mini.json";
    static final String EMBEDDINGS = "openai/embeddings/text-embedding-3-small-float.json";
    static final String CONVERSE = "aws_bedrock/converse/anthropic-claude-sonnet-4-5-cache-read-write.json";
    static final String CONVERSE_STREAM = "aws_bedrock/converse_stream/amazon-nova-micro-tool-use.bin";
    static final String AZURE = "azure_openai/chat_completions/reasoning-gpt-5-nano.json";
    static final String COHERE = "cohere/v2_chat/command-r7b-cached-tokens.json";
    static final String OLLAMA_STREAM = "ollama/chat/stream-llama3.ndjson";
    static final String INVOKE_COHERE = "aws_bedrock/invoke_model/cohere-command-r-usage-only-in-headers.json";
    static final String INVOKE_NOVA = "aws_bedrock/invoke_model/amazon-nova-micro.json";
    static final String CONVERSE_STREAM_LLAMA = "aws_bedrock/converse_stream/meta-llama3-2-1b.bin";
    static final String INVOKE_STREAM_CLAUDE =
            "aws_bedrock/invoke_model_with_response_stream/anthropic-claude-3-5-sonnet-tool-use.bin";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    ProviderStub() {
        server.start();
        serve("/anthropic-json/v1/messages", OpenAiStub.json(ANTHROPIC));
        serve("/anthropic-stream/v1/messages", OpenAiStub.eventStream(ANTHROPIC_STREAM));
        serve("/gemini-json/v1/models/gemini-2.5-flash:generateContent", OpenAiStub.json(GEMINI));
        serve("/gemini-stream/v1/models/gemini-2.5-flash:streamGenerateContent",
                OpenAiStub.eventStream(GEMINI_STREAM));
        serve("/responses-json/v1/responses", OpenAiStub.json(RESPONSES));
        serve("/vertex/v1beta1/projects/acme-prod/locations/us-central1/publishers/google/models/gemini-2.5-flash"
                + ":streamGenerateContent", OpenAiStub.eventStream(VERTEX_STREAM));
        // The SDK's first attempt is rate limited, its retry succeeds.
        server.stubFor(post(urlPathEqualTo("/retried/v1/chat/completions")).inScenario("retry")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("retried")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "0").withBody(OpenAiStub.RATE_LIMITED)));
        server.stubFor(post(urlPathEqualTo("/retried/v1/chat/completions")).inScenario("retry")
                .whenScenarioStateIs("retried").willReturn(OpenAiStub.json(OpenAiStub.BASIC)));
        serve("/embeddings-json/v1/embeddings", OpenAiStub.json(EMBEDDINGS));
        serve("/async-json/v1/chat/completions", OpenAiStub.json(OpenAiStub.CACHED));
        serve("/bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", OpenAiStub.json(CONVERSE));
        serve("/bedrock/model/amazon.nova-micro-v1%3A0/converse-stream", streamed(CONVERSE_STREAM,
                "application/vnd.amazon.eventstream"));
        serve("/cohere/v2/chat", OpenAiStub.json(COHERE));
        serve("/azure/openai/deployments/prod-eu/chat/completions", OpenAiStub.json(AZURE));
        serve("/ollama/api/chat", streamed(OLLAMA_STREAM, "application/x-ndjson"));
        // Frameworks: LangChain4j and Spring AI.
        serve("/lc4j-openai/v1/chat/completions", OpenAiStub.json(OpenAiStub.BASIC));
        serve("/lc4j-anthropic/v1/messages", OpenAiStub.json(ANTHROPIC));
        serve("/spring-openai/v1/chat/completions", OpenAiStub.json(OpenAiStub.BASIC));
        serve("/spring-anthropic/v1/messages", OpenAiStub.json(ANTHROPIC));
        // The AWS SDK's clients: sync (Apache) and async (Netty).
        serve("/aws-sync/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", OpenAiStub.json(CONVERSE));
        serve("/aws-sync/model/cohere.command-r-v1%3A0/invoke", tokenCountHeaders(OpenAiStub.json(INVOKE_COHERE),
                5, 10));
        serve("/aws-async/model/amazon.nova-micro-v1%3A0/invoke", tokenCountHeaders(OpenAiStub.json(INVOKE_NOVA),
                5, 10));
        serve("/aws-async/model/meta.llama3-2-1b-instruct-v1%3A0/converse-stream",
                streamed(CONVERSE_STREAM_LLAMA, "application/vnd.amazon.eventstream"));
        serve("/aws-async/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream",
                streamed(INVOKE_STREAM_CLAUDE, "application/vnd.amazon.eventstream"));
    }

    /** Scenarios (the retried call's 429 then 200) start over for each run of the app. */
    void resetScenarios() {
        server.resetScenarios();
    }

    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    private void serve(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    /** Bedrock's InvokeModel reports usage in headers (for some model families, only there). */
    private static ResponseDefinitionBuilder tokenCountHeaders(ResponseDefinitionBuilder response, long input,
                                                               long output) {
        return response.withHeader("X-Amzn-Bedrock-Input-Token-Count", Long.toString(input))
                .withHeader("X-Amzn-Bedrock-Output-Token-Count", Long.toString(output));
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
