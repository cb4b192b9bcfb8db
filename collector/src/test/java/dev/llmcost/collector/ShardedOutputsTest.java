package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.collector.read.OutputSet;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two collectors, each with its own output directory (a shard, as the members of one consumer group write them),
 * read as one: every reading command prints and writes what one collector over all the same calls does, whether
 * the shards are named one by one (in any order) or by the directory that holds them; bytes a collector wrote
 * after its last commit are not counted.
 */
class ShardedOutputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOV_23 = 1_795_420_800_000L; // 2026-11-23T00:00:00Z
    private static final String[] FEATURES = {"search", "chat", "summarize"};
    private static final String[] CUSTOMERS = {"acme", "globex", "initech", null};

    @TempDir
    Path dir;
    private Path single;
    private Path shards;
    private Path c1;
    private Path c2;
    private Path budgets;
    private Path costs;

    @BeforeAll
    static void quietChronicle() {
        ChronicleSettings.applyDefaults();
    }

    /**
     * Calls of three agents over three days; agent-a's records go to the first collector, agent-b's to the second,
     * and agent-c's move from the first to the second half way (a rebalance), its counters with them. One collector
     * reads them all, in time order, as one queue.
     */
    @BeforeEach
    void collectTheSameCallsOnceAndInTwoShards() throws Exception {
        List<QueueRecord> first = new ArrayList<>();
        List<QueueRecord> second = new ArrayList<>();
        List<Object> all = new ArrayList<>();
        for (int n = 0; n < 90; n++) {
            String agent = n % 3 == 0 ? "agent-a" : n % 3 == 1 ? "agent-b" : "agent-c";
            QueueRecord call = call(n, agent);
            boolean toFirst = agent.equals("agent-a") || agent.equals("agent-c") && n < 45;
            (toFirst ? first : second).add(call);
            all.add(call);
            if (n == 30) {
                CountersRecord a = counters("agent-a", n, Map.of("dropped_ring_full", 2L));
                CountersRecord c = counters("agent-c", n, Map.of("dropped_ring_full", 1L, "calls", 15L));
                first.addAll(List.of(a, c));
                all.addAll(List.of(a, c));
            }
            if (n == 80) {
                CountersRecord b = counters("agent-b", n, Map.of("not_captured", 1L));
                CountersRecord c = counters("agent-c", n, Map.of("dropped_ring_full", 3L, "calls", 27L));
                second.addAll(List.of(b, c));
                all.addAll(List.of(b, c));
            }
            if (n == 50) {
                first.add(null); // a record that is not JSON: rejected
                all.add(null);
            }
        }
        budgets = Files.writeString(dir.resolve("budgets.json"), """
                {"budgets": [{"name": "search", "scope": {"feature": "search"}, "period": "month",
                              "limit_usd": "5.00", "warn_percent": 50},
                             {"name": "per-customer", "scope": {"customer": "*"}, "period": "day",
                              "limit_usd": "1.00"}]}
                """);
        costs = Files.writeString(dir.resolve("costs.json"), """
                {"shared_costs": [{"name": "vector-db", "amount_usd": "900.00", "period": "2026-11", "to": "customer",
                  "allocate_by": "tokens", "scope": {"feature": "search"}},
                 {"name": "support", "amount_usd": 100, "period": "2026-11-23..2026-11-25", "to": "feature",
                  "allocate_by": "calls"}]}
                """);
        single = dir.resolve("single");
        shards = dir.resolve("shards");
        c1 = shards.resolve("c1");
        c2 = shards.resolve("c2");
        collect(queue("queue-all", all), single);
        collect(queue("queue-1", new ArrayList<>(first)), c1);
        collect(queue("queue-2", new ArrayList<>(second)), c2);
    }

    private static CallRecord call(int n, String agent) {
        long at = NOV_23 + ((n / 2) % 3) * 86_400_000L + n * 60_000L;
        String model = n % 11 == 0 ? "gpt-9" : n % 2 == 0 ? "gpt-4o-mini" : "gpt-4o";
        boolean error = n % 17 == 5;
        UsageStatus status = error ? UsageStatus.ERROR : n % 13 == 7 ? UsageStatus.MISSING : UsageStatus.REPORTED;
        TokenCounts tokens = status == UsageStatus.REPORTED
                // Every fifth call is the same size: calls of equal cost tie in the costliest list.
                ? TokenCounts.of(n % 5 == 0 ? 400_000 : 10_000L * (n + 1), 1_000L * (n % 7)) : null;
        return new CallRecord("event-" + n, agent, "svc-" + agent.charAt(6), at, 5, "openai", "chat", model, model,
                false, error ? 500 : 200, "api.openai.com", status, null, tokens, FEATURES[(n / 3) % 3],
                CUSTOMERS[(n / 5) % 4], null, Map.of("conversation", "c-" + (n % 9)), null, null);
    }

    private static CountersRecord counters(String agent, int n, Map<String, Long> counters) {
        return new CountersRecord(agent, "svc-" + agent.charAt(6), NOV_23 + n * 60_000L, 100 + n, counters);
    }

    /** A queue as agents write it (the agent's codec, one document per record); {@code null} is a broken record. */
    private Path queue(String name, List<?> records) {
        Path queue = dir.resolve(name);
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (Object record : records) {
                try (var document = appender.writingDocument()) {
                    if (record == null) {
                        document.wire().bytes().write("{not json".getBytes(StandardCharsets.UTF_8));
                    } else {
                        QueueRecordCodec.write((QueueRecord) record, document.wire().bytes().outputStream());
                    }
                }
            }
        }
        return queue;
    }

    private String collect(Path queue, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--queue", queue.toString(), "--out", out.toString(), "--once",
                "--batch-size", "7", "--budgets", budgets.toString(), "--warn-call-usd", "0.05"));
        args.addAll(List.of(more));
        PrintStream both = print();
        return run(new CollectCommand(both, both)::run, args);
    }

    private interface Command {
        int run(List<String> args) throws Exception;
    }

    private ByteArrayOutputStream bytes;

    private PrintStream print() {
        bytes = new ByteArrayOutputStream();
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String run(Command command, List<String> args) throws Exception {
        ByteArrayOutputStream captured = bytes;
        int status = command.run(args);
        assertEquals(0, status, captured.toString(StandardCharsets.UTF_8));
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String report(List<String> outs, String... args) throws Exception {
        return run(new ReportCommand(print())::run, withOuts(outs, args));
    }

    private static List<String> withOuts(List<String> outs, String... args) {
        List<String> all = new ArrayList<>();
        outs.forEach(out -> all.addAll(List.of("--out", out)));
        all.addAll(List.of(args));
        return all;
    }

    private List<String> single() {
        return List.of(single.toString());
    }

    /** The three ways to name the shards: their parent, one by one, one by one in the other order. */
    private List<List<String>> shardNamings() {
        return List.of(List.of(shards.toString()), List.of(c1.toString(), c2.toString()),
                List.of(c2.toString(), c1.toString()));
    }

    /** The same whichever way they were named: a shard of a parent is named by the parent's path and its own. */
    private String shardsLine(List<String> outs) {
        return "shards: read 2 shards as one: " + c1 + ", " + c2;
    }

    @Test
    void theShardsHoldEveryCallOnceBetweenThem() throws Exception {
        assertEquals(lines(single), lines(c1) + lines(c2));
        assertTrue(lines(c1) > 0 && lines(c2) > 0);
        // A parent of one shard is that shard, and says which it read.
        String expected = report(single(), "--by", "feature");
        Path only = Files.createDirectories(dir.resolve("only"));
        Files.move(single, only.resolve("single"));
        assertEquals(expected + "shards: read 1 shard: " + only.resolve("single") + "\n",
                report(List.of(only.toString()), "--by", "feature"));
    }

    private static long lines(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out.resolve("ledger"))) {
            long count = 0;
            for (Path file : files.toList()) {
                count += Files.readAllLines(file).size();
            }
            return count;
        }
    }

    @Test
    void reportsInEveryFormatAreTheSingleCollectorsPlusTheLineNamingTheShards() throws Exception {
        String[][] reports = {
                {"--by", "feature,customer", "--warn-call-usd", "0.05"},
                {"--by", "day,model", "--format", "csv"},
                {"--by", "customer", "--per", "conversation", "--format", "csv"},
                {"--by", "model", "--cache", "blended", "--format", "csv"},
                {"--by", "feature", "--costs", costs.toString(), "--format", "csv"},
                {"--forecast", "--by", "feature", "--format", "csv"},
        };
        for (String[] args : reports) {
            String expected = report(single(), args);
            for (List<String> outs : shardNamings()) {
                String sharded = report(outs, args);
                if (List.of(args).contains("csv")) {
                    assertEquals(expected, sharded, String.join(" ", args) + " over " + outs);
                } else {
                    assertEquals(expected + shardsLine(outs) + "\n", sharded, String.join(" ", args));
                }
            }
        }
        assertTrue(report(single(), reports[0]).contains("warning: "), "the costliest calls are listed");
        assertFalse(report(single(), reports[0]).contains("shards:"), "one directory: nothing more said");

        String forecast = report(single(), "--forecast", "--by", "feature");
        assertEquals(forecast + shardsLine(List.of(shards.toString())) + "\n",
                report(List.of(shards.toString()), "--forecast", "--by", "feature"));
    }

    @Test
    void theJsonReportIsTheSingleCollectorsWithTheShardsAndTheAgentsDropsMergedFromTheCheckpoints() throws Exception {
        String[] args = {"--by", "customer,feature", "--format", "json", "--warn-call-usd", "0.05"};
        JsonNode expected = JSON.readTree(report(single(), args));
        // agent-a dropped 2, agent-b 1; agent-c's latest counters (3, in the second shard) replace its earlier (1).
        assertEquals(6, expected.path("dropped_calls").asLong());
        for (List<String> outs : shardNamings()) {
            ObjectNode sharded = (ObjectNode) JSON.readTree(report(outs, args));
            assertEquals(JSON.createArrayNode().add(c1.toString()).add(c2.toString()), sharded.remove("shards"));
            assertEquals(expected, sharded);
        }
        String html = report(single(), "--format", "html");
        String shardedHtml = report(List.of(shards.toString()), "--format", "html");
        String note = "<li>Shards: read 2 shards as one: " + c1 + ", " + c2 + ".</li>";
        assertTrue(shardedHtml.contains(note), shardedHtml);
        assertEquals(html, shardedHtml.replace(note, ""));
    }

    @Test
    void theCheckpointsMergeToTheSingleCollectorsCounts() throws Exception {
        CollectorState one = new dev.llmcost.collector.write.Checkpoint(single).load().orElseThrow();
        CollectorState merged = OutputSet.resolve(List.of(shards)).state().orElseThrow();
        assertEquals(one.records(), merged.records());
        assertEquals(one.ledgerRows(), merged.ledgerRows());
        assertEquals(one.errorRows(), merged.errorRows());
        assertEquals(1, merged.rejectedRecords());
        assertEquals(one.rejectedReasons(), merged.rejectedReasons());
        assertEquals(one.unpriced(), merged.unpriced());
        assertEquals(one.withoutUsage(), merged.withoutUsage());
        assertEquals(one.agents(), merged.agents());
        assertEquals(5, merged.agentCounter("dropped_ring_full"), "agent-a's 2 and agent-c's latest 3, not 1 + 3");
        assertTrue(merged.expensiveCalls().count() > 10, "more than the costliest kept");
        assertEquals(one.expensiveCalls().count(), merged.expensiveCalls().count());
        assertEquals(one.expensiveCalls().costliest(), merged.expensiveCalls().costliest());
    }

    @Test
    void rollupsFocusBudgetsAndAllocationsAreTheSingleCollectorsToTheByte() throws Exception {
        for (String[] by : new String[][]{{"--by", "feature,customer"}, {"--by", "model", "--hourly"}}) {
            run(new RollupsCommand(print())::run, withOuts(single(), by));
            String file = "by-" + by[1].replace(',', '-') + (by.length > 2 ? "-hourly" : "-daily") + ".csv";
            String expected = Files.readString(single.resolve("rollups").resolve(file));
            run(new RollupsCommand(print())::run, withOuts(List.of(shards.toString()), by));
            assertEquals(expected, Files.readString(shards.resolve("rollups").resolve(file)), "into the parent");
            Path named = dir.resolve("rollup-" + file);
            String printed = run(new RollupsCommand(print())::run, withOuts(List.of(c2.toString(), c1.toString()),
                    concat(by, "--file", named.toString())));
            assertEquals(expected, Files.readString(named));
            assertTrue(printed.contains(shardsLine(List.of(c1.toString(), c2.toString()))), printed);
        }

        run(new FocusCommand(print())::run, withOuts(single(), "--costs", costs.toString()));
        String focus = Files.readString(single.resolve("focus/focus.csv"));
        assertTrue(focus.lines().count() > 20, focus);
        run(new FocusCommand(print())::run, withOuts(List.of(shards.toString()), "--costs", costs.toString()));
        assertEquals(focus, Files.readString(shards.resolve("focus/focus.csv")));
        run(new FocusCommand(print())::run, withOuts(List.of(c1.toString(), c2.toString()), "--costs",
                costs.toString(), "--file", dir.resolve("focus.csv").toString()));
        assertEquals(focus, Files.readString(dir.resolve("focus.csv")));

        for (String format : List.of("json", "table")) {
            // Without --budgets: the copy each collector kept (the same file).
            String[] args = {"status", "--as-of", "2026-11-25", "--format", format};
            String expected = run(new BudgetsCommand(print())::run, concatFirst(args, single()));
            assertTrue(expected.contains("per-customer"), expected);
            for (List<String> outs : shardNamings()) {
                String sharded = run(new BudgetsCommand(print())::run, concatFirst(args, outs));
                assertEquals(format.equals("json") ? expected : expected + shardsLine(outs) + "\n", sharded);
            }
        }

        String allocated = run(new AllocateCommand(print())::run, withOuts(single(), "--costs", costs.toString()));
        run(new AllocateCommand(print())::run, withOuts(List.of(shards.toString()), "--costs", costs.toString()));
        run(new AllocateCommand(print())::run, withOuts(List.of(c1.toString(), c2.toString()), "--costs",
                costs.toString(), "--to", dir.resolve("allocations").toString()));
        for (String period : List.of("2026-11", "2026-11-23..2026-11-25")) {
            String expected = Files.readString(single.resolve("allocations").resolve(period + ".csv"));
            assertTrue(expected.lines().count() > 3, expected);
            assertEquals(expected, Files.readString(shards.resolve("allocations").resolve(period + ".csv")));
            assertEquals(expected, Files.readString(dir.resolve("allocations").resolve(period + ".csv")));
        }
        assertTrue(allocated.contains("allocated 2026-11: 1 shared cost, $900.00"), allocated);
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** {@code budgets status} first, then the --out options, then the rest. */
    private static List<String> concatFirst(String[] args, List<String> outs) {
        List<String> all = new ArrayList<>(List.of(args[0]));
        all.addAll(withOuts(outs, List.of(args).subList(1, args.length).toArray(String[]::new)));
        return all;
    }

    @Test
    void bytesACollectorWroteAfterItsLastCommitAreNotRead() throws Exception {
        List<String> parent = List.of(shards.toString());
        String[] args = {"--by", "day,feature,customer", "--format", "csv"};
        String before = report(parent, args);
        assertEquals(report(single(), args), before);
        run(new FocusCommand(print())::run, withOuts(parent));
        String focusBefore = Files.readString(shards.resolve("focus/focus.csv"));

        // The first collector in the middle of a batch: whole lines and a torn one after the committed lengths,
        // and a day file no checkpoint knows of yet.
        Path day = c1.resolve("ledger/2026-11-24.jsonl");
        String aLine = Files.readAllLines(day).get(0);
        Files.writeString(day, aLine + "\n" + aLine.replace("event-", "event-x") + "\n{\"event_id\":\"to",
                StandardOpenOption.APPEND);
        Files.writeString(c1.resolve("ledger/2026-11-26.jsonl"), aLine.replace("2026-11-24", "2026-11-26") + "\n");

        assertEquals(before, report(parent, args));
        assertEquals(before, report(List.of(c1.toString(), c2.toString()), args));
        run(new FocusCommand(print())::run, withOuts(parent));
        assertEquals(focusBefore, Files.readString(shards.resolve("focus/focus.csv")));
        assertEquals(report(single(), "--forecast", "--format", "csv"), report(parent, "--forecast", "--format",
                "csv"), "the uncommitted day is not the ledger's last");

        // Restarted, the collector cuts them off; read again, the same.
        collect(queue("queue-1", List.of()), c1);
        assertEquals(before, report(parent, args));

        // A shard whose collector has committed nothing yet holds no call, and is named as such.
        Path c3 = Files.createDirectories(shards.resolve("c3"));
        Files.createDirectories(c3.resolve(".llmcost"));
        Files.createDirectories(c3.resolve("ledger"));
        Files.writeString(c3.resolve("ledger/2026-11-24.jsonl"), aLine + "\n");
        assertEquals(before, report(parent, args));
        String table = report(parent, "--by", "feature");
        assertTrue(table.endsWith("shards: read 3 shards as one: " + c1 + ", " + c2 + ", " + c3
                + " (nothing committed yet)\n"), table);
    }

    /**
     * A reprice that committed (its checkpoint holds the new day file's length and the rename still to do) and
     * stopped before renaming: the new file is what the checkpoint committed, so it is what is read.
     */
    @Test
    void aRepriceCommittedButNotYetRenamedIsReadFromItsNewDayFile() throws Exception {
        Path day = c1.resolve("ledger/2026-11-24.jsonl");
        List<String> rows = Files.readAllLines(day);
        JsonNode first = JSON.readTree(rows.get(0));
        assertTrue(first.path("cost_usd").isNumber(), rows.get(0));
        String repricedRow = rows.get(0).replace("\"cost_usd\":" + first.path("cost_usd").asText(),
                "\"cost_usd\":1000");
        Path repriced = Files.writeString(c1.resolve("ledger/2026-11-24.jsonl.repriced"), repricedRow + "\n"
                + String.join("\n", rows.subList(1, rows.size())) + "\n");
        Path checkpoint = c1.resolve(".llmcost/checkpoint.json");
        ObjectNode state = (ObjectNode) JSON.readTree(checkpoint.toFile());
        state.putArray("pending_renames").add("ledger/2026-11-24.jsonl");
        ((ObjectNode) state.path("sinks").path("ledger").path("position").path("files"))
                .put("ledger/2026-11-24.jsonl", Files.size(repriced));
        Files.write(checkpoint, JSON.writeValueAsBytes(state));

        JsonNode before = JSON.readTree(report(single(), "--format", "json")).path("total").path("cost_usd");
        JsonNode after = JSON.readTree(report(List.of(shards.toString()), "--format", "json")).path("total")
                .path("cost_usd");
        assertEquals(0, before.decimalValue().subtract(first.path("cost_usd").decimalValue())
                .add(new java.math.BigDecimal("1000")).compareTo(after.decimalValue()), before + " -> " + after);

        // Renamed since (the reprice finished): the same bytes under the day file's name.
        Files.move(repriced, day, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(after, JSON.readTree(report(List.of(shards.toString()), "--format", "json")).path("total")
                .path("cost_usd"));
    }

    @Test
    void whatIsNotAShardOrIsNamedTwiceIsAClearError() throws Exception {
        assertTrue(error(() -> report(List.of(dir.resolve("nothing").toString()))).contains("no ledger under"));
        Path empty = Files.createDirectories(dir.resolve("empty").resolve("focus"));
        assertTrue(error(() -> report(List.of(empty.getParent().toString()))).contains("expected a collector's "
                + "output directory (with .llmcost/checkpoint.json) or a directory of them, one per collector"));
        assertTrue(error(() -> report(List.of(shards.toString(), c1.toString()))).contains("the output directory "
                + c1 + " is named twice: its calls would be counted twice"));
        assertTrue(error(() -> report(List.of(c1.toString(), c1.toString()))).contains("is named twice"));

        Path copied = Files.createDirectories(shards.resolve("copy/ledger"));
        Files.copy(c1.resolve("ledger/2026-11-24.jsonl"), copied.resolve("2026-11-24.jsonl"));
        assertTrue(error(() -> report(List.of(shards.toString()))).contains(copied.getParent() + " holds a ledger "
                + "but no .llmcost/ checkpoint, so it is not a collector's shard of " + shards));
        Files.delete(copied.resolve("2026-11-24.jsonl"));
        Files.delete(copied);
        Files.delete(copied.getParent());

        assertTrue(error(() -> run(new RollupsCommand(print())::run, withOuts(List.of(c1.toString(), c2.toString()),
                "--by", "feature"))).contains("name it with --file PATH"));
        assertTrue(error(() -> run(new AllocateCommand(print())::run, withOuts(List.of(c1.toString(),
                c2.toString()), "--costs", costs.toString()))).contains("name it with --to DIR"));

        Files.writeString(c2.resolve(".llmcost/budgets.json"), Files.readString(budgets).replace("5.00", "6.00"));
        assertTrue(error(() -> run(new BudgetsCommand(print())::run, concatFirst(new String[]{"status"},
                List.of(shards.toString())))).contains(c1 + " and " + c2 + " were collected with different budgets "
                + "files: name the one to count with --budgets FILE"));
    }

    @Test
    void collectAndRepriceWriteOneOutputDirectory() throws Exception {
        Path queue = queue("queue-more", List.of());
        String twice = error(() -> run(new CollectCommand(print(), print())::run, List.of("--queue", queue.toString(),
                "--out", c1.toString(), "--out", c2.toString(), "--once")));
        assertTrue(twice.startsWith("--out is given more than once; it takes one value here (this command writes one "
                + "output directory"), twice);
        assertTrue(error(() -> run(new RepriceCommand(print())::run, List.of("--from", "2026-11-23", "--out",
                c1.toString(), "--out", c2.toString()))).startsWith("--out is given more than once"));
        String parent = error(() -> run(new RepriceCommand(print())::run, List.of("--from", "2026-11-23", "--out",
                shards.toString())));
        assertEquals(shards + " holds the output directories of 2 collectors (c1, c2), not one of its own: name one "
                + "directory with --out (each collector writes its own; report and the other readers read " + shards
                + " as one)", parent);
        assertTrue(error(() -> collect(queue, shards)).startsWith(shards + " holds the output directories of 2"));
        assertFalse(Files.exists(shards.resolve(".llmcost")), "refused before making the parent an output directory");
        assertEquals(report(single(), "--format", "csv"), report(List.of(shards.toString()), "--format", "csv"));
    }

    private interface Failing {
        void run() throws Exception;
    }

    private static String error(Failing failing) {
        return assertThrows(CollectorException.class, failing::run).getMessage();
    }
}
