package dev.llmcost.contract;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every HTTP client instrumentation passes, driven through the real client as an application uses
 * it: a client joins by implementing how to send a request and read it whole, send it asynchronously, read a
 * streamed body line by line, and read part of a body and close it. Every case runs twice (see the module's pom):
 * without the agent, where what the application sees is kept, and under it, where the application must see
 * exactly that again — bytes, status, exception, the timing of a paced stream — and the agent must record exactly
 * one row per LLM call, with exact tokens and the caller's attribution (none for what is not an LLM call).
 *
 * <p>One instance runs all the cases of a class, so that a client can choose its provider ({@link #stub}: HTTP/2
 * instead of HTTP/1.1) and keep its connections across them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LlmHttpClientContract {

    /** A response as the application reads it. */
    protected record Response(int status, byte[] body) {
    }

    /** Receives a streamed body's lines as the client hands them to the application. */
    protected interface Lines {
        void line(String line);
    }

    protected static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Say this is a test\"}]}";
    protected static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
            + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}";
    /** The application's own timeout, for the stalled server. */
    protected static final int READ_TIMEOUT_MILLIS = 1500;

    private ProviderStub server;
    private AgentRecords records;

    @BeforeAll
    void startServer() throws Exception {
        server = stub();
        records = new AgentRecords();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    /** The provider to run against; the plain HTTP/1.1 one unless the client wants another. */
    protected ProviderStub stub() throws Exception {
        return new ContractServer();
    }

    /**
     * The other ways this client can carry a request body, besides the one {@link #send} uses (each a name, for
     * {@link #sendWith}); none unless the client has several. A client that streams a body it cannot read back
     * (a one-shot stream) must still show the agent the request's model, and send the server the same bytes.
     */
    protected List<String> requestBodyKinds() {
        return List.of();
    }

    /** Like {@link #send}, with the body carried the way {@code kind} names. */
    protected Response sendWith(String kind, String url, String body) throws Exception {
        throw new UnsupportedOperationException(kind);
    }

    /** POSTs {@code body} as JSON and reads the whole response; throws what the client throws. */
    protected abstract Response send(String url, String body) throws Exception;

    /** The same, asynchronously; {@code null} for a client that has no asynchronous way. */
    protected CompletableFuture<Response> sendAsync(String url, String body) throws Exception {
        return null;
    }

    /** POSTs {@code body} and reads the streamed response line by line as it arrives; returns the status. */
    protected abstract int stream(String url, String body, Lines lines) throws Exception;

    /** POSTs {@code body}, reads the first {@code bytes} of the response, and closes it. */
    protected abstract void readPartly(String url, String body, int bytes) throws Exception;

    /** The stub's URL for {@code scenario} (any {@code json-<name>} is served as {@code json}), for a client's own tests. */
    protected String url(String scenario) {
        return server.url(scenario);
    }

    /** Checks the one row of {@code scenario}, under the agent; does nothing in the baseline run. */
    protected void checkRow(String scenario, java.util.function.Consumer<CallRecord> check) throws Exception {
        CallRecord row = one(scenario);
        if (row != null) {
            reported(row, 12, 5, false);
            check.accept(row);
        }
    }

    /**
     * Whether the client reads a body the application closed early on to its end anyway (then the provider sent,
     * and bills, the whole stream, and the row has its usage).
     */
    protected boolean readsAbandonedBodiesToTheEnd() {
        return false;
    }

    /** The client's name, for baselines and attribution. */
    protected String client() {
        return getClass().getSimpleName().replace("ContractTest", "");
    }

    @Test
    void plainJson() throws Exception {
        call("json", CHAT);
        reported(one("json"), 12, 5, false);
    }

    @Test
    void asynchronousCallIsAttributedToItsCaller() throws Exception {
        String feature = feature("async");
        MDC.put("feature", feature);
        MDC.put("customer", "contract");
        CompletableFuture<Response> future;
        try {
            future = sendAsync(server.url("async"), CHAT);
        } finally {
            MDC.clear(); // the response is read after the caller moved on, on another thread
        }
        if (future == null) {
            return;
        }
        Baseline.check(client(), "async", outcome(future.get(10, TimeUnit.SECONDS)));
        if (Baseline.underAgent()) {
            CallRecord row = one("async");
            reported(row, 12, 5, false);
            assertEquals("contract", row.customer());
        }
    }

    @Test
    void everyKindOfRequestBody() throws Exception {
        for (String kind : requestBodyKinds()) {
            String scenario = "body-" + kind;
            Baseline.check(client(), scenario,
                    attributed(scenario, () -> outcome(sendWith(kind, server.url(scenario), CHAT))));
            assertArrayEquals(CHAT.getBytes(StandardCharsets.UTF_8), server.received(scenario),
                    kind + ": the server received the application's body");
            reported(one(scenario), 12, 5, false);
        }
    }

    @Test
    void gzipDeflateAndBrotliBodies() throws Exception {
        for (String encoding : List.of("gzip", "deflate", "br")) {
            call(encoding, CHAT);
            reported(one(encoding), 12, 5, false);
        }
    }

    @Test
    void aBodyLargerThanTheCaptureLimit() throws Exception {
        call("large", CHAT);
        reported(one("large"), 12, 5, false);
    }

    @Test
    void malformedJsonAndMissingUsage() throws Exception {
        call("malformed", CHAT);
        status(one("malformed"), UsageStatus.MALFORMED);
        call("no-usage", CHAT);
        status(one("no-usage"), UsageStatus.MISSING);
    }

    @Test
    void errorResponses() throws Exception {
        call("rate-limited", CHAT);
        call("server-error", CHAT);
        if (Baseline.underAgent()) {
            CallRecord limited = one("rate-limited");
            status(limited, UsageStatus.ERROR);
            assertEquals(429, limited.httpStatus());
            assertEquals("HTTP 429 rate_limit_exceeded: not billed", limited.usageNote());
            assertEquals(500, one("server-error").httpStatus());
        }
    }

    /** Each event reaches the application when the server sends it, and the stream is measured. */
    @Test
    void aPacedStreamArrivesEventByEvent() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String outcome = attributed("stream", () -> {
            int status = stream(server.url("stream"), STREAM, line -> {
                lines.add(line);
                if (line.startsWith("data:")) {
                    arrivals.add(System.nanoTime());
                }
            });
            return "status=" + status + " lines=" + sha256(String.join("\n", lines).getBytes());
        });
        Baseline.check(client(), "stream", outcome);
        List<Long> sent = List.copyOf(server.eventsSentNanos());
        assertEquals(sent.size(), arrivals.size(), "every event arrived");
        for (int i = 0; i < sent.size(); i++) {
            long late = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - sent.get(i));
            assertTrue(late < 5 * ContractServer.EVENT_GAP_MILLIS, "event " + i + " reached the application " + late
                    + " ms after it was sent: held back");
        }
        if (Baseline.underAgent()) {
            reported(one("stream"), 22, 3, true);
        }
    }

    @Test
    void aStreamCutBeforeItsUsageAndOneTheApplicationAbandons() throws Exception {
        String cut = attributed("stream-cut", () -> {
            List<String> lines = new ArrayList<>();
            int status = stream(server.url("stream-cut"), STREAM, lines::add);
            return "status=" + status + " lines=" + lines.size();
        });
        Baseline.check(client(), "stream-cut", cut);
        String abandoned = attributed("stream-abandoned", () -> {
            readPartly(server.url("stream-abandoned"), STREAM, 100);
            return "read 100 bytes";
        });
        Baseline.check(client(), "stream-abandoned", abandoned);
        if (Baseline.underAgent()) {
            status(one("stream-cut"), UsageStatus.INCOMPLETE);
            if (readsAbandonedBodiesToTheEnd()) {
                reported(one("stream-abandoned"), 22, 3, true);
            } else {
                status(one("stream-abandoned"), UsageStatus.INCOMPLETE);
            }
        }
    }

    @Test
    void aConnectionResetMidBody() throws Exception {
        call("reset", CHAT);
        if (Baseline.underAgent()) {
            List<CallRecord> rows = records.waitFor(feature("reset"), 1, 3000);
            assertTrue(rows.size() <= 1, "at most one row: " + rows);
            rows.forEach(row -> status(row, UsageStatus.INCOMPLETE));
        }
    }

    /** A server that never answers: the application's own timeout fires as without the agent; no row. */
    @Test
    void aStalledServerAndTheApplicationsTimeout() throws Exception {
        call("stall", CHAT);
        if (Baseline.underAgent()) {
            assertEquals(List.of(), records.waitFor(feature("stall"), 0, 1500));
        }
    }

    @Test
    void trafficThatIsNotAnLlmCallGivesNoRow() throws Exception {
        String outcome = attributed("other", () -> outcome(send(server.otherUrl(), "{\"item\":7}")));
        Baseline.check(client(), "other", outcome);
        if (Baseline.underAgent()) {
            assertEquals(List.of(), records.waitFor(feature("other"), 0, 1000));
        }
    }

    /**
     * A call made with no attribution, right after attributed ones on the same client, carries none: nothing leaks
     * from a pooled thread, an event loop or a recycled task into it. (Found by its request's model: it has no
     * feature.)
     */
    @Test
    void aCallMadeWithoutAttributionCarriesNone() throws Exception {
        call("json-before", CHAT);
        String model = "unattributed-" + client().toLowerCase(java.util.Locale.ROOT);
        String body = CHAT.replace("gpt-4o-mini", model);
        Baseline.check(client(), "unattributed", outcome(send(server.url("json-unattributed"), body)));
        CompletableFuture<Response> async = sendAsync(server.url("json-unattributed"), body);
        if (async != null) {
            Baseline.check(client(), "unattributed-async", outcome(async.get(10, TimeUnit.SECONDS)));
        }
        if (Baseline.underAgent()) {
            one("json-before");
            List<CallRecord> rows = records.waitFor(row -> model.equals(row.requestModel()), async == null ? 1 : 2,
                    10_000);
            assertEquals(async == null ? 1 : 2, rows.size(), rows.toString());
            for (CallRecord row : rows) {
                assertNull(row.feature(), row.toString());
                assertNull(row.customer(), row.toString());
            }
        }
    }

    /** Calls {@code scenario} under its attribution, and checks what the application saw against the baseline. */
    private void call(String scenario, String body) throws Exception {
        Baseline.check(client(), scenario, attributed(scenario, () -> outcome(send(server.url(scenario), body))));
    }

    private interface Call {
        String run() throws Exception;
    }

    /** The call's outcome as the application saw it: its status and bytes, or the exception it got. */
    private String attributed(String scenario, Call call) {
        MDC.put("feature", feature(scenario));
        MDC.put("customer", "contract");
        try {
            return call.run();
        } catch (Exception e) {
            // The exception the application catches (its causes can differ with timing, agent or not).
            return "exception=" + e.getClass().getName();
        } finally {
            MDC.clear();
        }
    }

    private static String outcome(Response response) {
        return "status=" + response.status() + " sha256=" + sha256(response.body());
    }

    private String feature(String scenario) {
        return client() + ":" + scenario;
    }

    /** The one row of {@code scenario} (under the agent; nothing to check without it). */
    private CallRecord one(String scenario) throws Exception {
        if (!Baseline.underAgent()) {
            return null;
        }
        List<CallRecord> rows = records.waitFor(feature(scenario), 1, 10_000);
        assertEquals(1, rows.size(), client() + " " + scenario + ": exactly one row, not " + rows);
        // Any second row would come from a second hook seeing the same call: give it a moment to show.
        assertEquals(1, records.waitFor(feature(scenario), 2, 300).size(), "one row, not two");
        return rows.get(0);
    }

    private void reported(CallRecord row, long input, long output, boolean streaming) {
        if (row == null) {
            return;
        }
        assertEquals(UsageStatus.REPORTED, row.usageStatus(), row.usageNote());
        assertEquals(input, row.inputTokens());
        assertEquals(output, row.outputTokens());
        assertEquals(streaming, row.streaming());
        assertEquals("gpt-4o-mini", row.requestModel(), "the request's model was read");
        assertEquals(200, row.httpStatus());
        assertEquals("contract", row.customer());
    }

    private static void status(CallRecord row, UsageStatus status) {
        if (row == null) {
            return;
        }
        assertEquals(status, row.usageStatus(), row.toString());
        assertNull(row.inputTokens());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
