package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code collect --budgets} over runs: a budget enabled on a directory collected before, a changed file, --once. */
class CollectBudgetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void quietChronicle() {
        ChronicleSettings.applyDefaults();
    }

    /**
     * Calls of $0.15 each (gpt-4o-mini, a million input tokens), a minute apart from an hour ago — or from the start
     * of the month, so that all are in this month's budget.
     */
    private void append(Path queue, int from, int to, String customer) {
        long monthStart = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        long start = Math.max(Instant.now().minusSeconds(3600).toEpochMilli(), monthStart + 60_000);
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (int n = from; n < to; n++) {
                String record = QueueRecordCodec.toJson(new CallRecord("event-" + n, "agent", "svc",
                        start + 60_000L * n, 5, "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200,
                        "api.openai.com", UsageStatus.REPORTED, null, TokenCounts.of(1_000_000, 0), "search",
                        customer, null, Map.of(), null, null));
                try (var context = appender.writingDocument()) {
                    context.wire().bytes().write(record.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private String collect(Path queue, Path out, String... extra) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--queue", queue.toString(), "--out", out.toString(), "--once"));
        args.addAll(List.of(extra));
        int status = new CollectCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stdout, true, StandardCharsets.UTF_8)).run(args);
        assertEquals(0, status, stdout.toString(StandardCharsets.UTF_8));
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private Path budgets(String limit, String webhook) throws Exception {
        return Files.writeString(dir.resolve("budgets.json"), """
                {"budgets": [{"name": "search", "scope": {"feature": "search"}, "period": "month",
                              "limit_usd": "%s", "warn_percent": 50}]%s}
                """.formatted(limit, webhook == null ? "" : ", \"webhook\": {\"url\": \"" + webhook + "\"}"));
    }

    private static List<JsonNode> alerts(Path out) throws Exception {
        List<JsonNode> alerts = new ArrayList<>();
        if (Files.isDirectory(out.resolve("alerts"))) {
            try (Stream<Path> files = Files.list(out.resolve("alerts"))) {
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        alerts.add(JSON.readTree(line));
                    }
                }
            }
        }
        return alerts;
    }

    @Test
    void aBudgetEnabledOnACollectedDirectoryCountsWhatCameBeforeAndAlertsOnce() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, 0, 10, "acme");
        collect(queue, out); // $1.50 collected without budgets
        append(queue, 10, 12, "acme");
        // $1.50 before, then $0.30: the $1.00 limit was passed before the budget existed; said once, now.
        String summary = collect(queue, out, "--budgets", budgets("1.00", null).toString());
        assertTrue(summary.contains("alerts: 2 raised this run"), summary);
        assertEquals(List.of("budget_warning", "budget_exceeded"), alerts(out).stream()
                .map(alert -> alert.path("kind").asText()).toList());
        assertEquals("event-6", alerts(out).get(1).path("event_id").asText(), "$0.15 × 7 = $1.05 passed $1.00");

        append(queue, 12, 14, "acme");
        collect(queue, out, "--budgets", dir.resolve("budgets.json").toString());
        assertEquals(2, alerts(out).size(), "nothing raised again");

        // A changed file is counted again from the ledger; what was raised is not raised again.
        budgets("1.00", null);
        Files.writeString(dir.resolve("budgets.json"), Files.readString(dir.resolve("budgets.json"))
                .replace("\"warn_percent\": 50", "\"warn_percent\": 60"));
        collect(queue, out, "--budgets", dir.resolve("budgets.json").toString());
        List<String> ids = alerts(out).stream().map(alert -> alert.path("alert_id").asText()).toList();
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), ids.toString());
        assertEquals(2, ids.size());

        // Without --budgets the budgets are not counted; enabled again, they count from the ledger once more.
        append(queue, 14, 15, "acme");
        collect(queue, out);
        collect(queue, out, "--budgets", dir.resolve("budgets.json").toString());
        assertEquals(2, alerts(out).size());

        ByteArrayOutputStream status = new ByteArrayOutputStream();
        new BudgetsCommand(new PrintStream(status, true, StandardCharsets.UTF_8)).run(List.of("status", "--out",
                out.toString()));
        String table = status.toString(StandardCharsets.UTF_8);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s*search\\s+feature=search\\s+\\S+\\s+\\$2\\.25\\s+"
                + "\\$1\\.00\\s+225\\.0%.*exceeded")), table);
    }

    @Test
    void sinksThatLagBehindTheQueueAreGivenWhatTheyLackAfterACrash() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        Path budgets = budgets("1.00", null);
        append(queue, 0, 4, "acme");
        collect(queue, out, "--budgets", budgets.toString());
        Path file = out.resolve(".llmcost/checkpoint.json");
        JsonNode early = JSON.readTree(file.toFile());
        append(queue, 4, 9, "acme");
        collect(queue, out, "--budgets", budgets.toString());
        assertEquals(2, alerts(out).size());

        // As if the collector was killed after the second run's ledger commits, before the rollups and budgets
        // (flushed every few seconds) had flushed: their commits are still the first run's.
        com.fasterxml.jackson.databind.node.ObjectNode late =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
        for (String sink : List.of("rollups", "budgets")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) late.path("sinks")).set(sink,
                    early.path("sinks").path(sink));
        }
        Files.write(file, JSON.writeValueAsBytes(late));
        append(queue, 9, 10, "acme");
        collect(queue, out, "--budgets", budgets.toString());
        assertEquals(2, alerts(out).size(), "the lagging budgets raised nothing twice");

        // Lagging again, and the file changed: counted afresh from the ledger, and not given the calls again
        // (counted twice, $2.10 would pass the new $2.00 budget; the ten calls are $1.50).
        Files.write(file, JSON.writeValueAsBytes(late));
        Files.writeString(budgets, Files.readString(budgets).replace("\"budgets\": [", """
                "budgets": [{"name": "second", "period": "month", "limit_usd": "2.00"},
                """));
        collect(queue, out, "--budgets", budgets.toString());
        assertEquals(2, alerts(out).size(), alerts(out).toString());
        List<String> rollups = Files.readAllLines(out.resolve("rollups/daily.csv"));
        long calls = rollups.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",", -1)[7])).sum();
        assertEquals(10, calls, "every call once in the rollups: " + rollups);
        long ledger;
        try (Stream<Path> days = Files.list(out.resolve("ledger"))) {
            ledger = days.mapToLong(day -> {
                try {
                    return Files.readAllLines(day).size();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals(10, ledger, "and once in the ledger");
    }

    /** Calls of $0.15, for {@code feature}, at the given minutes after an hour ago (a few per minute allowed). */
    private void appendAt(Path queue, String feature, int... minutes) {
        long start = Instant.now().minusSeconds(3600).toEpochMilli() / 60_000 * 60_000;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            int n = 0;
            for (int minute : minutes) {
                String record = QueueRecordCodec.toJson(new CallRecord(feature + "-" + minute + "-" + n++, "agent",
                        "svc", start + 60_000L * minute + n, 5, "openai", "chat", "gpt-4o-mini",
                        "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com", UsageStatus.REPORTED, null,
                        TokenCounts.of(1_000_000, 0), feature, "acme", null, Map.of(), null, null));
                try (var context = appender.writingDocument()) {
                    context.wire().bytes().write(record.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void aMinuteWindowAnomalyIsOneAlertOnASpikeAndNoneForANewFeature() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        Path rules = Files.writeString(dir.resolve("anomalies.json"), """
                {"anomalies": [{"name": "feature-spike", "by": ["feature"], "window": "minute",
                                "baseline_windows": 30, "threshold_percent": 50, "min_baseline_usd": "0.10",
                                "min_windows": 10}]}
                """);
        // search: one call a minute for 20 minutes ($0.15 a window), then three in minute 20 ($0.45).
        appendAt(queue, "search", java.util.stream.IntStream.range(0, 20).toArray());
        collect(queue, out, "--budgets", rules.toString());
        appendAt(queue, "search", 20, 20, 20, 20);
        // A new feature: all of its first minutes are a spike over no baseline.
        appendAt(queue, "brand-new", 15, 15, 15, 16, 16, 17);
        collect(queue, out, "--budgets", rules.toString());
        List<JsonNode> alerts = alerts(out);
        assertEquals(1, alerts.size(), alerts.toString());
        JsonNode spike = alerts.get(0);
        assertEquals("anomaly", spike.path("kind").asText());
        assertEquals("search", spike.path("scope").path("feature").asText());
        assertEquals(0, spike.path("baseline_usd").decimalValue().compareTo(new java.math.BigDecimal("0.15")));
        assertEquals(0, spike.path("spent_usd").decimalValue().compareTo(new java.math.BigDecimal("0.30")),
                "raised at the call that took the window past $0.225: " + spike);
        collect(queue, out, "--budgets", rules.toString());
        assertEquals(1, alerts(out).size(), "once");
    }

    @Test
    void onceDeliversTheOutboxBeforeItExits() throws Exception {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(received.size() == 1 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            Path queue = dir.resolve("queue");
            Path out = dir.resolve("out");
            append(queue, 0, 4, "acme");
            String summary = collect(queue, out, "--budgets", budgets("0.50", "http://127.0.0.1:"
                    + server.getAddress().getPort() + "/hook").toString());
            assertTrue(summary.contains("webhook: 2 delivered, 0 pending, 1 failed attempts"), summary);
            assertEquals(3, received.size(), "one failure, retried, and the other alert");
            assertTrue(Files.list(out.resolve(".llmcost/outbox")).allMatch(file ->
                    file.getFileName().toString().equals("status.json")));
        } finally {
            server.stop(0);
        }
    }
}
