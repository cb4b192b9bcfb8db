package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every provider through the client apps use for it — the Anthropic and Google Gen AI SDKs, openai-java's
 * Responses and Embeddings APIs, raw HTTP to Bedrock, Cohere and Ollama — in an unmodified app under
 * {@code -javaagent}, then the collector as a process: one exact row per call (provider, operation, model, every
 * token kind, cost at the right price, attribution).
 */
class ProviderSdksTest {

    private static final List<String> SCENARIOS = List.of("anthropic-sdk", "anthropic-sdk-stream", "gemini-sdk",
            "gemini-sdk-stream", "vertex-sdk", "openai-sdk-retried", "openai-sdk-async", "anthropic-sdk-async", "openai-responses", "openai-embeddings", "bedrock-converse",
            "bedrock-converse-stream", "azure-openai", "cohere-chat", "ollama-stream", "bedrock-sdk-converse", "bedrock-sdk-invoke",
            "bedrock-sdk-invoke-async", "bedrock-sdk-converse-stream", "bedrock-sdk-invoke-stream");

    private static ProviderStub stub;

    @BeforeAll
    static void startProviders() {
        stub = new ProviderStub();
    }

    @AfterAll
    static void stopProviders() {
        stub.close();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "Java {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {17, 25})
    void everyProviderGivesOneExactRowPerCall(int javaVersion, @TempDir Path dir) throws Exception {
        Path jvm = javaVersion == 17 ? Artifacts.java() : Artifacts.java25();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(jvm),
                "no Java " + javaVersion + " at " + jvm);
        stub.resetScenarios();
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        List<String> appArgs = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
        appArgs.addAll(SCENARIOS);
        Processes.Result app = Processes.run(Processes.javaCommand(jvm, "queue.dir=" + queue,
                Artifacts.sampleApp("sample-app-providers"), appArgs), Duration.ofMinutes(2));
        assertEquals(0, app.exitCode(), app.toString());
        Expect.body(app, "bedrock-converse-stream", OpenAiStub.bytes(ProviderStub.CONVERSE_STREAM));
        Expect.body(app, "ollama-stream", OpenAiStub.bytes(ProviderStub.OLLAMA_STREAM));

        // The user's price file says what the Azure deployment is: a data-zone deployment (10% above global).
        Path prices = dir.resolve("prices.json");
        java.nio.file.Files.writeString(prices, """
                {"deployments": [{"provider": "azure.ai.openai", "deployment": "prod-eu", "model": "gpt-5-nano",
                                  "deployment_type": "data_zone"}],
                 "prices": []}
                """);
        Processes.Result collector = Processes.collect(queue, out, "--once", "--prices", prices.toString());
        assertEquals(0, collector.exitCode(), collector.toString());
        Ledger ledger = new Ledger(out);

        // gpt-5-nano: 0.05 in, 0.40 out per million, x1.10 in an Azure data zone.
        JsonNode azure = ledger.one("azure-openai");
        row(azure, "azure.ai.openai", "chat", false, "prod-eu", "gpt-5-nano-2025-08-07", 11, 203, 0, 0, 192,
                "0.000089925");
        assertEquals("openai/gpt-5-nano@2025-08-07 x1.10 data_zone", text(azure, "price_ref"));

        // claude-3-5-sonnet: 3 in, 3.75 cache write, 0.30 cache read, 15 out per million.
        row(ledger.one("anthropic-sdk"), "anthropic", "chat", false, "claude-3-5-sonnet-20240620",
                "claude-3-5-sonnet-20240620", 1167, 187, 0, 1163, 0, "0.00717825");
        row(ledger.one("anthropic-sdk-stream"), "anthropic", "chat", true, "claude-3-5-sonnet-20240620",
                "claude-3-5-sonnet-20240620", 1169, 221, 1165, 0, 0, "0.0036765");
        // gemini-2.5-flash: 0.30 in, 2.50 out; thoughts are billed as output.
        row(ledger.one("gemini-sdk"), "gcp.gemini", "generate_content", false, "gemini-2.5-flash",
                "gemini-2.5-flash", 5, 1935, 0, 0, 1058, "0.004839");
        row(ledger.one("gemini-sdk-stream"), "gcp.gemini", "generate_content", true, "gemini-2.5-flash",
                "gemini-2.5-flash", 277, 694, 0, 0, 570, "0.0018181");
        // Vertex AI through the same SDK, streamed: gemini-2.5-flash at Vertex's 0.30 in, 2.50 out.
        row(ledger.one("vertex-sdk"), "gcp.vertex_ai", "generate_content", true, "gemini-2.5-flash",
                "gemini-2.5-flash", 8, 2581, 0, 0, 2193, "0.0064549");
        // A 429 the SDK retried: the billed retry is the one ledger row; the 429 is in errors/, not billed.
        row(ledger.one("openai-sdk-retried"), "openai", "chat", false, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 12,
                5, 0, 0, 0, "0.0000048");
        assertEquals(1, ledger.errors.size(), ledger.errors.toString());
        assertEquals(429, ledger.errors.get(0).get("http_status").asInt());
        assertEquals("openai-sdk-retried", text(ledger.errors.get(0), "feature"));
        row(ledger.one("openai-responses"), "openai", "chat", false, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 22, 6,
                0, 0, 0, "0.0000069");
        // The SDKs' async clients send from ForkJoinPool's common pool: the caller's attribution still holds.
        row(ledger.one("openai-sdk-async"), "openai", "chat", false, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1149,
                353, 1024, 0, 0, "0.00030735");
        assertEquals("globex", text(ledger.one("openai-sdk-async"), "customer"));
        row(ledger.one("anthropic-sdk-async"), "anthropic", "chat", false, "claude-3-5-sonnet-20240620",
                "claude-3-5-sonnet-20240620", 1167, 187, 0, 1163, 0, "0.00717825");
        assertEquals("initech", text(ledger.one("anthropic-sdk-async"), "customer"));
        row(ledger.one("openai-embeddings"), "openai", "embeddings", false, "text-embedding-3-small",
                "text-embedding-3-small", 6, 0, 0, 0, 0, "0.00000012");
        // A US cross-region profile of Claude Sonnet 4.5 on Bedrock: 10% above the global price.
        row(ledger.one("bedrock-converse"), "aws.bedrock", "chat", false,
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", null, 1951, 121, 1712, 236, 0, "0.00354486");
        row(ledger.one("bedrock-converse-stream"), "aws.bedrock", "chat", true, "amazon.nova-micro-v1:0", null,
                415, 202, 0, 0, 0, "0.000042805");
        row(ledger.one("cohere-chat"), "cohere", "chat", false, "command-r7b-12-2024", null, 2935, 4, 2928, 0, 0,
                "0.0001106625");
        // The AWS SDK: sync client on Apache, async on Netty, through the SDK's own interceptor.
        row(ledger.one("bedrock-sdk-converse"), "aws.bedrock", "chat", false,
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", null, 1951, 121, 1712, 236, 0, "0.00354486");
        // Cohere on Bedrock reports usage only in the X-Amzn-Bedrock-*-Token-Count headers.
        row(ledger.one("bedrock-sdk-invoke"), "aws.bedrock", "chat", false, "cohere.command-r-v1:0", null, 5, 10, 0,
                0, 0, "0.0000175");
        row(ledger.one("bedrock-sdk-invoke-async"), "aws.bedrock", "chat", false, "amazon.nova-micro-v1:0", null, 5,
                10, 0, 0, 0, "0.000001575");
        row(ledger.one("bedrock-sdk-converse-stream"), "aws.bedrock", "chat", true,
                "meta.llama3-2-1b-instruct-v1:0", null, 52, 36, 0, 0, 0, "0.0000088");
        // The inner Anthropic events say 130 output tokens; the invocation metrics AWS bills from say 98.
        row(ledger.one("bedrock-sdk-invoke-stream"), "aws.bedrock", "chat", true,
                "anthropic.claude-3-5-sonnet-20240620-v1:0", null, 702, 98, 0, 0, 0, "0.003576");
        row(ledger.one("ollama-stream"), "ollama", "chat", true, "llama3", "llama3", 17, 50, 0, 0, 0, "0");

        assertEquals(SCENARIOS.size(), ledger.rows.size(), "exactly one row per call");
        Expect.noContentOrSecrets(queue, out);
        for (String secret : List.of("sk-ant-test-key-not-real", "gemini-test-key-not-real", "raw-test-key-not-real",
                "ya29.vertex-test-token-not-real", "wJalrXUtnFEMI", "AKIAIOSFODNN7EXAMPLE", "Tell me a joke")) {
            assertTrue(java.nio.file.Files.walk(queue).filter(java.nio.file.Files::isRegularFile).noneMatch(file ->
                    contains(file, secret)), secret + " reached the queue");
        }
    }

    /** LangChain4j and Spring AI reach the providers through the clients above: each call is one exact row. */
    @Test
    void frameworksGiveOneExactRowPerCall(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        List<String> scenarios = List.of("langchain4j-openai", "langchain4j-anthropic", "spring-ai-openai",
                "spring-ai-anthropic");
        List<String> appArgs = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
        appArgs.addAll(scenarios);
        Processes.Result app = Processes.run(Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                Artifacts.sampleApp("sample-app-frameworks"), appArgs), Duration.ofMinutes(2));
        assertEquals(0, app.exitCode(), app.toString());

        Processes.Result collector = Processes.collect(queue, out, "--once");
        assertEquals(0, collector.exitCode(), collector.toString());
        Ledger ledger = new Ledger(out);
        row(ledger.one("langchain4j-openai"), "openai", "chat", false, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 12,
                5, 0, 0, 0, "0.0000048");
        row(ledger.one("langchain4j-anthropic"), "anthropic", "chat", false, "claude-3-5-sonnet-20240620",
                "claude-3-5-sonnet-20240620", 1167, 187, 0, 1163, 0, "0.00717825");
        row(ledger.one("spring-ai-openai"), "openai", "chat", false, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 12, 5,
                0, 0, 0, "0.0000048");
        row(ledger.one("spring-ai-anthropic"), "anthropic", "chat", false, "claude-3-5-sonnet-20240620",
                "claude-3-5-sonnet-20240620", 1167, 187, 0, 1163, 0, "0.00717825");
        assertEquals(scenarios.size(), ledger.rows.size(), "exactly one row per call");
        Expect.noContentOrSecrets(queue, out);
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void row(JsonNode row, String provider, String operation, boolean streaming, String requestModel,
                            String responseModel, long input, long output, long cacheRead, long cacheWrite,
                            long reasoning, String cost) {
        String where = row.toString();
        assertEquals(provider, text(row, "provider"), where);
        assertEquals(operation, text(row, "operation"), where);
        assertEquals(streaming, row.get("streaming").asBoolean(), where);
        assertEquals(requestModel, text(row, "request_model"), where);
        assertEquals(responseModel, text(row, "response_model"), where);
        assertEquals("reported", text(row, "usage_status"), where);
        assertEquals(input, row.get("input_tokens").asLong(), where);
        assertEquals(output, row.get("output_tokens").asLong(), where);
        assertEquals(cacheRead, row.get("cache_read_tokens").asLong(), where);
        assertEquals(cacheWrite, row.get("cache_write_tokens").asLong(), where);
        assertEquals(reasoning, row.get("reasoning_tokens").asLong(), where);
        assertEquals(cost, Ledger.decimal(row, "cost_usd"), where);
        assertTrue(text(row, "price_ref") != null, where);
        assertTrue(text(row, "customer") != null && text(row, "team") != null, where);
    }
}
