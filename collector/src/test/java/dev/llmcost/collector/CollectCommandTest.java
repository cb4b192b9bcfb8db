package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOV_24 = 1_795_507_200_000L; // 2026-11-24T00:00:00Z

    @TempDir
    Path dir;

    @BeforeAll
    static void quietChronicle() {
        ChronicleSettings.applyDefaults();
    }

    private void append(Path queue, List<String> documents) {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (String document : documents) {
                // Exactly as agents write: UTF-8 JSON as the document's bytes.
                try (var context = appender.writingDocument()) {
                    context.wire().bytes().write(document.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static String call(int n, String feature) {
        return QueueRecordCodec.toJson(new CallRecord("event-" + n, "agent", "svc", NOV_24 + n, 5, "openai", "chat",
                "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com", UsageStatus.REPORTED, null,
                TokenCounts.of(1_000_000, 0), feature, "acme", null, Map.of(), null, null));
    }

    private static String call(int n, String feature, String environment) {
        return QueueRecordCodec.toJson(new CallRecord("event-" + n, "agent", "svc", NOV_24 + n, 5, "openai", "chat",
                "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com", UsageStatus.REPORTED, null,
                TokenCounts.of(1_000_000, 0), feature, "acme", null, Map.of(), null, environment));
    }

    private String collect(Path queue, Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = new CollectCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))
                .run(List.of("--queue", queue.toString(), "--out", out.toString(), "--once", "--batch-size", "3"));
        assertEquals(0, status);
        return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> ledger(Path out) throws Exception {
        return Files.readAllLines(out.resolve("ledger/2026-11-24.jsonl")).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    @Test
    void aCrashBetweenWritingAndCommittingIsRedoneExactlyOnce() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat"), call(2, "chat"), call(3, "search"), call(4, "search")));
        collect(queue, out);
        assertEquals(4, ledger(out).size());

        // A crash after the files of the next batch were written, before its checkpoint: torn and extra bytes.
        append(queue, List.of(call(5, "chat"), call(6, "chat")));
        Files.writeString(out.resolve("ledger/2026-11-24.jsonl"), "{\"event_id\":\"event-5\",\"tor",
                StandardOpenOption.APPEND);
        Files.writeString(out.resolve("ledger/2026-11-25.jsonl"), "{}\n");

        collect(queue, out);
        List<JsonNode> rows = ledger(out);
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.get("event_id").asText()));
        assertEquals(6, rows.size());
        assertEquals(6, ids.size(), "every event exactly once");
        assertTrue(Files.notExists(out.resolve("ledger/2026-11-25.jsonl")), "uncommitted file removed");
        String csv = Files.readString(out.resolve("rollups/daily.csv"));
        assertTrue(csv.contains("2026-11-24,openai,gpt-4o-mini-2024-07-18,chat,acme,,,4,4000000,0,0,0,0,0.6,0,0"), csv);
        assertTrue(csv.contains("2026-11-24,openai,gpt-4o-mini-2024-07-18,search,acme,,,2,2000000,0,0,0,0,0.3,0,0"), csv);
    }

    @Test
    void theEnvironmentIsInTheLedgerTheRollupsAndTheReportsAcrossARestart() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat", "production"), call(2, "chat", "staging"), call(3, "chat", null),
                call(4, "chat", "production")));
        collect(queue, out);
        // A second run resumes the rollups from the checkpoint: the environment must survive it.
        append(queue, List.of(call(5, "chat", "production")));
        collect(queue, out);
        List<JsonNode> rows = ledger(out);
        assertEquals("production", rows.get(0).get("environment").asText());
        assertEquals("staging", rows.get(1).get("environment").asText());
        assertTrue(rows.get(2).get("environment").isNull(), "no environment: null, never invented");
        String csv = Files.readString(out.resolve("rollups/daily.csv"));
        assertTrue(csv.startsWith("day,provider,model,feature,customer,team,environment,calls,"), csv);
        assertTrue(csv.contains("2026-11-24,openai,gpt-4o-mini-2024-07-18,chat,acme,,production,3,3000000,"), csv);
        assertTrue(csv.contains("2026-11-24,openai,gpt-4o-mini-2024-07-18,chat,acme,,staging,1,1000000,"), csv);
        assertTrue(csv.contains("2026-11-24,openai,gpt-4o-mini-2024-07-18,chat,acme,,,1,1000000,"), csv);

        ByteArrayOutputStream report = new ByteArrayOutputStream();
        assertEquals(0, new ReportCommand(new PrintStream(report, true, StandardCharsets.UTF_8))
                .run(List.of("--out", out.toString(), "--by", "environment", "--format", "csv")));
        String byEnvironment = report.toString(StandardCharsets.UTF_8);
        assertTrue(byEnvironment.lines().anyMatch(line -> line.startsWith("production,3,")), byEnvironment);
        assertTrue(byEnvironment.lines().anyMatch(line -> line.startsWith("staging,1,")), byEnvironment);
    }

    @Test
    void anUnreadableRecordIsKeptAsideAndTheRestCollected() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat"), "{\"type\":\"call\",\"event_id\":", call(2, "chat")));
        String output = collect(queue, out);
        assertEquals(2, ledger(out).size());
        assertTrue(output.contains("unreadable"), output);
        try (var rejected = Files.list(out.resolve("rejected"))) {
            String kept = Files.readString(rejected.findFirst().orElseThrow());
            assertTrue(kept.contains("\\\"event_id\\\":"), kept);
        }
    }

    @Test
    void refusesOutputItCannotAccountFor() throws Exception {
        Path queue = dir.resolve("queue");
        append(queue, List.of(call(1, "chat")));
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign.resolve("ledger"));
        Files.writeString(foreign.resolve("ledger/2026-11-24.jsonl"), "{}\n");
        CollectorException noCheckpoint = assertThrows(CollectorException.class, () -> collect(queue, foreign));
        assertTrue(noCheckpoint.getMessage().contains("no checkpoint"));

        Path out = dir.resolve("out");
        collect(queue, out);
        Path otherQueue = dir.resolve("other-queue");
        append(otherQueue, List.of(call(9, "chat")));
        CollectorException otherQueueUsed = assertThrows(CollectorException.class, () -> collect(otherQueue, out));
        assertTrue(otherQueueUsed.getMessage().contains("one output directory per queue"));
    }

    @Test
    void historyIsRepricedOnlyOnRequestAndTheCollectorCarriesOnFromTheRepricedState() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat"), call(2, "chat"), call(3, "search")));
        collect(queue, out);
        assertEquals("0.15", ledger(out).get(0).get("cost_usd").decimalValue().toPlainString());

        // A negotiated price arrives: collecting with it changes nothing already in the ledger...
        Path prices = Files.writeString(dir.resolve("prices.json"), """
                {"discounts": [{"provider": "openai", "model": "gpt-4o-mini", "percent_off": "20"}], "prices": []}
                """);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        new CollectCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err)
                .run(List.of("--queue", queue.toString(), "--out", out.toString(), "--once", "--prices",
                        prices.toString()));
        assertEquals("0.15", ledger(out).get(0).get("cost_usd").decimalValue().toPlainString());

        // ...until history is repriced, on request, with what changed said and kept.
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertEquals(0, new RepriceCommand(new PrintStream(said, true, StandardCharsets.UTF_8)).run(List.of(
                "--from", "2026-11-24", "--out", out.toString(), "--prices", prices.toString())));
        String summary = said.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("3 calls in 1 day files, 3 changed; cost $0.45 -> $0.36 (-0.09)"), summary);
        assertTrue(summary.contains("3 x openai/gpt-4o-mini@2024-07-18 -> openai/gpt-4o-mini@2024-07-18 x0.80 20% off"),
                summary);
        List<JsonNode> rows = ledger(out);
        assertEquals(3, rows.size());
        assertEquals("0.12", rows.get(0).get("cost_usd").decimalValue().toPlainString());
        String csv = Files.readString(out.resolve("rollups/daily.csv"));
        assertTrue(csv.contains(",chat,acme,,,2,2000000,0,0,0,0,0.24,0,0"), csv);
        try (var kept = Files.list(out.resolve("reprice"))) {
            assertEquals(1, kept.count());
        }

        // The collector resumes from the repriced files and checkpoint: new calls appended, nothing repeated.
        append(queue, List.of(call(4, "search")));
        collect(queue, out);
        assertEquals(4, ledger(out).size());
        assertTrue(Files.readString(out.resolve("rollups/daily.csv")).contains(",chat,acme,,,2,2000000,0,0,0,0,0.24,0,0"));
    }

    @Test
    void anOutputDirectoryOfTheFirstCheckpointVersionIsCollectedOnWithNothingRepeated() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat")));
        collect(queue, out);
        // The checkpoint as collectors before sinks wrote it: one map of file lengths, the rollups at the top.
        Path file = out.resolve(".llmcost/checkpoint.json");
        com.fasterxml.jackson.databind.node.ObjectNode checkpoint =
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(file.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode lengths = checkpoint.putObject("file_lengths");
        checkpoint.path("sinks").path("ledger").path("position").path("files").fields()
                .forEachRemaining(f -> lengths.set(f.getKey(), f.getValue()));
        com.fasterxml.jackson.databind.node.ArrayNode rows = checkpoint.putArray("rollups");
        for (String line : Files.readAllLines(out.resolve(".llmcost/rollups/log-0.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        checkpoint.remove(List.of("sinks", "rejected_files"));
        try (var files = Files.list(out.resolve(".llmcost/rollups"))) {
            for (Path state : files.toList()) {
                Files.delete(state);
            }
        }
        checkpoint.put("version", 1);
        Files.write(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(checkpoint));

        append(queue, List.of(call(2, "chat")));
        collect(queue, out);
        assertEquals(2, ledger(out).size());
        assertTrue(Files.readString(out.resolve("rollups/daily.csv")).contains(",chat,acme,,,2,"));
    }

    @Test
    void aRepriceInterruptedAfterItsCommitIsFinishedByTheNextRun() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat")));
        collect(queue, out);
        // As if a reprice crashed after committing its checkpoint, before moving its file into place.
        Path day = out.resolve("ledger/2026-11-24.jsonl");
        String repriced = Files.readString(day).replace("\"cost_usd\":0.15", "\"cost_usd\":0.12");
        Files.writeString(day.resolveSibling("2026-11-24.jsonl.repriced"), repriced);
        dev.llmcost.collector.write.Checkpoint checkpoint = new dev.llmcost.collector.write.Checkpoint(out);
        CollectorState state = checkpoint.load().orElseThrow();
        state.pendingRenames(List.of("ledger/2026-11-24.jsonl"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) state.sink("ledger").position().path("files"))
                .put("ledger/2026-11-24.jsonl", (long) repriced.getBytes(StandardCharsets.UTF_8).length);
        checkpoint.save(state);

        collect(queue, out);
        assertEquals("0.12", ledger(out).get(0).get("cost_usd").decimalValue().toPlainString());
        assertTrue(checkpoint.load().orElseThrow().pendingRenames().isEmpty());
    }

    @Test
    void aCorruptQueueFileIsAClearErrorNotASilentGap() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        List<String> calls = new java.util.ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            calls.add(call(n, "chat"));
        }
        append(queue, calls);
        // Scribble over the header of the 10th record, as a bad disk or a stray write would.
        Path cycle;
        try (var files = Files.list(queue)) {
            cycle = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cycle);
        byte[] marker = "{\"type\"".getBytes(StandardCharsets.UTF_8);
        int at = -1;
        for (int found = 0; found < 10; found++) {
            at = indexOf(bytes, marker, at + 1);
        }
        java.util.Arrays.fill(bytes, at - 4, at + 20, (byte) 0xFF);
        Files.write(cycle, bytes);

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = new CollectCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))
                .run(List.of("--queue", queue.toString(), "--out", out.toString(), "--once"));
        String said = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, said);
        assertTrue(said.contains("more records than could be read (a corrupt queue file)"), said);
        assertTrue(ledger(out).size() >= 9, "everything before the corrupt record is in the ledger");
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A record no agent can have written is refused with its reason, counted and named; the others are collected. */
    @Test
    void aRecordWithAnImpossibleValueIsRejectedWithItsReason() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        String negative = call(2, "chat").replace("\"input_tokens\":1000000", "\"input_tokens\":-12");
        String partsOverTotal = call(3, "chat").replace("\"cache_read_tokens\":0", "\"cache_read_tokens\":2000000");
        String countsWithoutUsage = call(4, "chat").replace("\"usage_status\":\"reported\"",
                "\"usage_status\":\"missing\"");
        append(queue, List.of(call(1, "chat"), negative, partsOverTotal, countsWithoutUsage, negative));
        String output = collect(queue, out);
        assertEquals(1, ledger(out).size());
        assertTrue(output.contains("warning: 4 queue records rejected and kept in rejected/ (2 impossible value: "
                + "input_tokens is negative, 1 impossible value: cache_read_tokens and cache_write_tokens add up to "
                + "more than input_tokens, 1 impossible value: input_tokens is set although usage_status is missing)"),
                output);
        try (var rejected = Files.list(out.resolve("rejected"))) {
            assertEquals(4, Files.readAllLines(rejected.findFirst().orElseThrow()).size());
        }
    }

    /** A call over the threshold is kept and priced, and listed for a person; calls without usage are told apart. */
    @Test
    void anExpensiveCallIsPricedAndListedAndCallsWithoutUsageAreCountedByStatus() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        String expensive = call(2, "search").replace("\"input_tokens\":1000000", "\"input_tokens\":999999999");
        String malformed = call(3, "chat").replace("\"usage_status\":\"reported\"", "\"usage_status\":\"malformed\"")
                .replaceAll("\"(input|output|cache_read|cache_write|cache_write_1h|reasoning)_tokens\":\\d+",
                        "\"$1_tokens\":null");
        append(queue, List.of(call(1, "chat"), expensive, malformed));
        String output = collect(queue, out);
        assertTrue(output.contains("warning: 1 call cost more than $100.00 each (kept and priced; check it, "
                + "--warn-call-usd sets the threshold):\n  2026-11-24 event-2 openai:gpt-4o-mini-2024-07-18 "
                + "$150.00 feature search customer acme"), output);
        assertTrue(output.contains("warning: 1 call without reported usage (cost_usd null: 1 malformed)"), output);
        assertEquals("149.99999985", ledger(out).get(1).get("cost_usd").decimalValue().toPlainString());
    }

    /** A group whose calls are all unpriced has an unknown cost: empty, never 0. */
    @Test
    void anAllUnpricedGroupHasAnEmptyCostInTheDailyRollup() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat").replace("gpt-4o-mini-2024-07-18", "gpt-9-preview")
                .replace("\"gpt-4o-mini\"", "\"gpt-9-preview\"")));
        collect(queue, out);
        String csv = Files.readString(out.resolve("rollups/daily.csv"));
        assertTrue(csv.contains("2026-11-24,openai,gpt-9-preview,chat,acme,,,1,1000000,0,0,0,0,,1,0"), csv);
    }

    /** More impossible values: counts above any call's, a status no HTTP has, reported usage without its parts. */
    @Test
    void recordsNoAgentCanWriteAreRejected() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "chat").replace("\"input_tokens\":1000000", "\"input_tokens\":4611686018427387904"),
                call(2, "chat").replace("\"http_status\":200", "\"http_status\":4294967496"),
                call(3, "chat").replace("\"cache_read_tokens\":0", "\"cache_read_tokens\":null")));
        String output = collect(queue, out);
        assertTrue(output.contains("warning: 3 queue records rejected"), output);
        assertTrue(output.contains("input_tokens is above 1000000000000 tokens"), output);
        assertTrue(output.contains("http_status is not an HTTP status"), output);
        assertTrue(output.contains("cache_read_tokens is missing although usage_status is reported"), output);
    }

    /** A reprice lists the calls over the threshold at their new cost, and forgets them at their old one. */
    @Test
    void aRepriceListsExpensiveCallsAtTheirNewCost() throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        append(queue, List.of(call(1, "search").replace("\"input_tokens\":1000000", "\"input_tokens\":999999999")));
        assertTrue(collect(queue, out).contains("warning: 1 call cost more than $100"));
        Path prices = Files.writeString(dir.resolve("prices.json"), """
                {"discounts": [{"provider": "openai", "model": "gpt-4o-mini", "percent_off": "50"}], "prices": []}
                """);
        assertEquals(0, new RepriceCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(List.of("--from", "2026-11-24", "--out", out.toString(), "--prices", prices.toString())));
        String after = collect(queue, out);
        assertTrue(!after.contains("cost more than $100"), "$75 after the discount: " + after);
    }
}
