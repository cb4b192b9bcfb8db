package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path, the way a user runs it: an unmodified app started with {@code -javaagent} (and nothing else),
 * WireMock as OpenAI, then {@code java -jar llmcost-collector.jar collect --once} as its own process. Every
 * call must come out as one exact ledger row: tokens, model, cost, attribution.
 */
class PipelineEndToEndTest {

    private static final List<String> SCENARIOS = List.of(
            "jdk-string", "jdk-bytes", "jdk-inputstream", "jdk-lines-stream", "jdk-async", "jdk-subscriber",
            "okhttp-sync", "okhttp-async", "okhttp-stream", "openai-sdk", "openai-sdk-stream",
            "log4j-context", "no-mdc", "non-llm", "rate-limited", "malformed", "stream-no-usage");

    private static OpenAiStub stub;

    @BeforeAll
    static void startProvider() {
        stub = new OpenAiStub();
    }

    @AfterAll
    static void stopProvider() {
        stub.close();
    }

    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void everyCallIsRecordedOncePricedAndAttributed(int javaVersion, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path java = javaVersion == 17 ? Artifacts.java() : Artifacts.java25();
        Assumptions.assumeTrue(Files.isExecutable(java), "no Java " + javaVersion + " at " + java);
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");

        List<String> appArgs = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
        appArgs.addAll(SCENARIOS);
        Processes.Result app = Processes.run(Processes.javaCommand(java,
                "queue.dir=" + queue + ",service.name=checkout,attributes.extra=conversation",
                Artifacts.sampleApp("sample-app"), appArgs), Duration.ofMinutes(2));

        assertEquals(0, app.exitCode(), app.toString());
        assertTrue(app.stdout().contains("DONE"), app.toString());
        assertAppSawExactlyWhatTheServerSent(app);
        List<String> agentLines = app.stderr().lines().filter(line -> line.startsWith("[llmcost]")).toList();
        assertEquals(1, agentLines.size(), "the agent says one line when it starts:\n" + app.stderr());
        assertTrue(agentLines.get(0).contains("recording LLM calls of service 'checkout'"), agentLines.get(0));

        Processes.Result collector = Processes.collect(queue, out, "--once");
        assertEquals(0, collector.exitCode(), collector.toString());
        Ledger ledger = new Ledger(out);

        Expect.row(ledger.one("jdk-string"), "acme", "platform", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("jdk-bytes"), "globex", "platform", false, "gpt-4o-mini-2024-07-18", 1149, 353, 1024, 0,
                "0.00030735");
        Expect.row(ledger.one("jdk-inputstream"), "acme", "research", false, "gpt-5-nano-2025-08-07", 11, 228, 0, 192,
                "0.00009175");
        Expect.row(ledger.one("jdk-lines-stream"), "initech", "platform", true, "gpt-4o-mini-2024-07-18", 22, 3, 0, 0,
                "0.0000051");
        Expect.row(ledger.one("jdk-async"), "acme", "async-team", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("jdk-subscriber"), "globex", "platform", true, "gpt-4o-mini-2024-07-18", 22, 3, 0, 0,
                "0.0000051");
        Expect.row(ledger.one("okhttp-sync"), "acme", "platform", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("okhttp-async"), "globex", "async-team", false, "gpt-4o-mini-2024-07-18", 1149, 353,
                1024, 0, "0.00030735");
        Expect.row(ledger.one("okhttp-stream"), "initech", "research", true, "gpt-4o-mini-2024-07-18", 22, 3, 0, 0,
                "0.0000051");
        Expect.row(ledger.one("openai-sdk"), "acme", "sdk-team", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("openai-sdk-stream"), "globex", "sdk-team", true, "gpt-4o-mini-2024-07-18", 22, 3, 0, 0,
                "0.0000051");
        JsonNode log4j = ledger.one("log4j-context");
        Expect.row(log4j, "umbrella", "log4j-team", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0, "0.0000048");
        assertEquals("conv-42", log4j.path("attributes").path("conversation").asText(), log4j.toString());

        JsonNode anonymous = ledger.one(null);
        assertNull(text(anonymous, "customer"));
        assertNull(text(anonymous, "team"));
        assertEquals(0, anonymous.path("attributes").size());
        assertEquals("0.0000048", Ledger.decimal(anonymous, "cost_usd"));

        assertTrue(ledger.byFeature("non-llm").isEmpty(), "other HTTP traffic gives no row");
        assertTrue(ledger.byFeature("rate-limited").isEmpty(), "a 429 is not billed: no ledger row");
        assertEquals(1, ledger.errors.size(), ledger.errors.toString());
        assertEquals(429, ledger.errors.get(0).get("http_status").asInt());
        assertEquals("rate-limited", text(ledger.errors.get(0), "feature"));

        JsonNode malformed = ledger.one("malformed");
        assertEquals("malformed", text(malformed, "usage_status"));
        assertTrue(malformed.get("cost_usd").isNull());
        assertTrue(malformed.get("input_tokens").isNull());

        JsonNode noUsage = ledger.one("stream-no-usage");
        assertEquals("missing", text(noUsage, "usage_status"));
        assertTrue(noUsage.get("cost_usd").isNull(), "never priced as 0");
        assertTrue(text(noUsage, "usage_note").contains("include_usage"), noUsage.toString());
        assertEquals("gpt-4-0613", text(noUsage, "response_model"));

        assertEquals(SCENARIOS.size() - 2, ledger.rows.size(), "one row per LLM call (all but non-llm and "
                + "rate-limited), no more; features: " + ledger.rows.stream().map(row -> text(row, "feature")).toList());
        for (JsonNode row : ledger.rows) {
            assertEquals("openai", text(row, "provider"));
            assertEquals("chat", text(row, "operation"));
            assertEquals("checkout", text(row, "service"));
            assertEquals("stream-no-usage".equals(text(row, "feature")) ? "gpt-4" : "gpt-4o-mini",
                    text(row, "request_model"));
            assertTrue(text(row, "timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }
        assertTrue(ledger.rollupLines.get(0).startsWith("day,provider,model,feature,customer,team,environment,calls,"
                + "input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd"));
        assertTrue(ledger.rollupLines.stream().anyMatch(line -> line.matches(
                "\\d{4}-\\d\\d-\\d\\d,openai,gpt-4o-mini-2024-07-18,okhttp-async,globex,async-team,,1,1149,353,1024,0,0,"
                        + "0.00030735,0,0")), String.join("\n", ledger.rollupLines));

        // The files people read, from this real ledger: a report and a FOCUS export that add up to it.
        Processes.Result report = Processes.run(Processes.javaCommand(java, null, Artifacts.collectorJar(),
                List.of("report", "--out", out.toString(), "--by", "feature", "--format", "json")), Duration.ofMinutes(1));
        assertEquals(0, report.exitCode(), report.toString());
        JsonNode reportJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.stdout());
        BigDecimal ledgerTotal = ledger.rows.stream().filter(row -> row.get("cost_usd").isNumber())
                .map(row -> row.get("cost_usd").decimalValue()).reduce(BigDecimal.ZERO,
                        BigDecimal::add);
        assertEquals(0, ledgerTotal.compareTo(reportJson.path("total").path("cost_usd").decimalValue()));
        Processes.Result focus = Processes.run(Processes.javaCommand(java, null, Artifacts.collectorJar(),
                List.of("focus", "--out", out.toString())), Duration.ofMinutes(1));
        assertEquals(0, focus.exitCode(), focus.toString());
        assertTrue(focus.stdout().contains("$" + ledgerTotal.stripTrailingZeros().toPlainString()), focus.stdout());
        assertTrue(Files.readString(out.resolve("focus/focus.csv")).lines().count() > 10);

        Expect.noContentOrSecrets(queue, out);
    }

    /** Each scenario printed a hash of the bytes it read; they must be the bytes the server sent. */
    private static void assertAppSawExactlyWhatTheServerSent(Processes.Result app) {
        Expect.body(app, "jdk-string", OpenAiStub.bytes(OpenAiStub.BASIC));
        Expect.body(app, "jdk-bytes", OpenAiStub.bytes(OpenAiStub.CACHED));
        Expect.body(app, "jdk-inputstream", OpenAiStub.bytes(OpenAiStub.REASONING));
        Expect.body(app, "jdk-lines-stream", OpenAiStub.lines(OpenAiStub.STREAM));
        Expect.body(app, "jdk-subscriber", OpenAiStub.bytes(OpenAiStub.STREAM));
        Expect.body(app, "okhttp-sync", OpenAiStub.bytes(OpenAiStub.BASIC));
        Expect.body(app, "okhttp-async", OpenAiStub.bytes(OpenAiStub.CACHED));
        Expect.body(app, "okhttp-stream", OpenAiStub.lines(OpenAiStub.STREAM));
        Expect.body(app, "stream-no-usage", OpenAiStub.lines(OpenAiStub.STREAM_WITHOUT_USAGE));
        Expect.body(app, "malformed", OpenAiStub.MALFORMED.getBytes(StandardCharsets.UTF_8));
        Expect.body(app, "openai-sdk", "This is a test.".getBytes(StandardCharsets.UTF_8));
        assertTrue(app.result("rate-limited").contains("status=429"), app.result("rate-limited"));
        assertTrue(app.result("openai-sdk-stream").contains("bytes=") && !app.result("openai-sdk-stream")
                .contains("bytes=0 "), app.result("openai-sdk-stream"));
    }

}
