package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Money that survives bad input, end to end: an unmodified app under {@code -javaagent} meets responses whose
 * counts are not counts, cut and failed streams, corrupt AWS frames, a 50 MB body and a gateway's errors on generic
 * paths; then the collector runs as a process. Each call gives exactly the row it should — never a number the
 * provider did not send, never a cut stream priced as complete — and the collector's summary says what is missing
 * and which call is worth a look. The app reads every byte as the server sent it.
 */
class BadInputEndToEndTest {

    private static final List<String> SCENARIOS = List.of("ollama-negative", "ollama-null", "openai-negative",
            "openai-fraction", "openai-half", "openai-string", "anthropic-null", "bedrock-min-long", "bedrock-1e30",
            "bedrock-header-2e64", "bedrock-header-max", "anthropic-stream-cut", "anthropic-stream-error",
            "bedrock-stream-bad-crc", "bedrock-stream-cut", "bedrock-stream-broken-metrics", "large-embeddings",
            "expensive", "gateway-embeddings-429", "gateway-responses-400", "anthropic-newest-model");

    @Test
    void everyBadResponseGivesItsExactRowAndTheSummarySaysSo(@TempDir Path dir) throws Exception {
        try (BadInputStub stub = new BadInputStub()) {
            Path queue = dir.resolve("queue");
            Path out = dir.resolve("out");
            List<String> appArgs = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
            appArgs.addAll(SCENARIOS);
            Processes.Result app = Processes.run(Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                    Artifacts.sampleApp("sample-app-providers"), appArgs), Duration.ofMinutes(3));
            assertEquals(0, app.exitCode(), app.toString());
            assertTrue(!app.stderr().contains("Exception") && !app.stderr().contains("\tat "), "no stack trace: "
                    + app.stderr());
            Expect.body(app, "large-embeddings", stub.largeEmbeddings);
            Expect.body(app, "anthropic-stream-cut", stub.cutAnthropicStream);
            Expect.body(app, "bedrock-stream-bad-crc", stub.badCrcStream);
            assertTrue(app.result("gateway-embeddings-429").contains("status=429"), app.toString());

            Processes.Result collector = Processes.collect(queue, out, "--once");
            assertEquals(0, collector.exitCode(), collector.toString());
            Ledger ledger = new Ledger(out);

            // 1-5: counts that are not counts are flagged, with the field and the reason; never priced.
            malformed(ledger.one("ollama-negative"), "ollama", "token count eval_count is negative (-1)");
            malformed(ledger.one("ollama-null"), "ollama", "token count prompt_eval_count is null");
            malformed(ledger.one("openai-negative"), "openai", "token count prompt_tokens is negative (-12)");
            malformed(ledger.one("openai-fraction"), "openai",
                    "token count completion_tokens is not an integer (7.999999999)");
            malformed(ledger.one("openai-half"), "openai", "token count completion_tokens is not an integer (12.5)");
            malformed(ledger.one("openai-string"), "openai", "token count prompt_tokens is a string, not a number");
            malformed(ledger.one("anthropic-null"), "anthropic", "token count input_tokens is null");
            malformed(ledger.one("bedrock-min-long"), "aws.bedrock",
                    "token count outputTokens is negative (-9223372036854775808)");
            malformed(ledger.one("bedrock-1e30"), "aws.bedrock", "token count inputTokens is not an integer (1E+30)");
            malformed(ledger.one("bedrock-header-2e64"), "aws.bedrock", "token count header "
                    + "x-amzn-bedrock-input-token-count is out of range (18446744073709551616)");
            malformed(ledger.one("bedrock-header-max"), "aws.bedrock", "token count header "
                    + "x-amzn-bedrock-input-token-count is 9223372036854775807, above the bound of 1000000000 tokens");

            // 6: cut streams are incomplete, what they showed kept apart; an error event is an error, not billed.
            JsonNode cut = ledger.one("anthropic-stream-cut");
            assertStatus(cut, "incomplete", "stream ended before its final event; partial counts seen before the "
                    + "end: input 17, output 3");
            assertStatus(ledger.one("bedrock-stream-cut"), "incomplete", "stream closed before its usage arrived");
            malformed(ledger.one("bedrock-stream-bad-crc"), "aws.bedrock", "fails its CRC");
            malformed(ledger.one("bedrock-stream-broken-metrics"), "aws.bedrock", "fails its CRC");
            JsonNode failed = error(ledger, "anthropic-stream-error");
            assertEquals(200, failed.get("http_status").asInt());
            assertTrue(text(failed, "usage_note").contains("(overloaded_error): not billed"), failed.toString());
            assertTrue(!failed.toString().contains("Overloaded\""), "never the error's message");

            // 7: a 50 MB body over the capture limit keeps its usage, read from its tail.
            JsonNode large = ledger.one("large-embeddings");
            assertEquals("reported", text(large, "usage_status"), large.toString());
            assertEquals(4183211, large.get("input_tokens").asLong());
            assertEquals("text-embedding-3-small", text(large, "response_model"));
            assertEquals("0.08366422", Ledger.decimal(large, "cost_usd"));

            // A real $5,000 call is priced, and listed for a person to look at.
            JsonNode expensive = ledger.one("expensive");
            assertEquals("5000.024995", Ledger.decimal(expensive, "cost_usd"), expensive.toString());

            // 9: errors on generic paths off a provider's host are recorded and counted, with their type only.
            JsonNode rateLimited = error(ledger, "gateway-embeddings-429");
            assertEquals(429, rateLimited.get("http_status").asInt());
            assertEquals("embeddings", text(rateLimited, "operation"));
            assertEquals("HTTP 429 rate_limit_exceeded: not billed", text(rateLimited, "usage_note"));
            JsonNode invalid = error(ledger, "gateway-responses-400");
            assertEquals("HTTP 400 invalid_request_error: not billed", text(invalid, "usage_note"));

            // 10: the SDK's newest model constant is priced (Claude Opus 5.5: $4 in, $20 out per million).
            JsonNode newest = ledger.one("anthropic-newest-model");
            assertEquals("claude-opus-5-5", text(newest, "response_model"));
            assertEquals("0.00028", Ledger.decimal(newest, "cost_usd"), newest.toString());

            assertEquals(18, ledger.rows.size(), "one row per call: " + ledger.rows);
            assertEquals(3, ledger.errors.size(), "one error row per error: " + ledger.errors);

            // 8: the collector says what the totals do not cover, and which call is worth a look.
            String summary = collector.stdout();
            assertTrue(summary.contains("18 calls in the ledger, 3 error responses (not billed)"), summary);
            assertTrue(summary.contains("warning: 15 calls without reported usage (cost_usd null: 13 malformed, "
                    + "2 incomplete); see usage_note in the ledger"), summary);
            assertTrue(summary.contains("warning: 1 call cost more than $100.00 each (kept and priced; check it, "
                    + "--warn-call-usd sets the threshold):\n  "), summary);
            assertTrue(summary.contains(" anthropic:claude-opus-4-6 $5,000.02 feature expensive customer acme"),
                    summary);
            Expect.noContentOrSecrets(queue, out);
        }
    }

    private static JsonNode error(Ledger ledger, String feature) {
        List<JsonNode> rows = ledger.errors.stream().filter(row -> feature.equals(text(row, "feature"))).toList();
        assertEquals(1, rows.size(), feature + ": " + ledger.errors);
        assertEquals("error", text(rows.get(0), "usage_status"));
        assertTrue(rows.get(0).get("cost_usd").isNull());
        return rows.get(0);
    }

    private static void malformed(JsonNode row, String provider, String note) {
        assertEquals(provider, text(row, "provider"), row.toString());
        assertStatus(row, "malformed", note);
    }

    private static void assertStatus(JsonNode row, String status, String note) {
        String where = row.toString();
        assertEquals(status, text(row, "usage_status"), where);
        assertTrue(text(row, "usage_note").contains(note), where);
        for (String count : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                "reasoning_tokens")) {
            assertTrue(row.get(count).isNull(), count + " of " + where);
        }
        assertTrue(row.get("cost_usd").isNull(), where);
        assertTrue(text(row, "cost_note") != null, where);
    }
}
