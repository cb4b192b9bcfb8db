package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many services on one host share one queue directory (the default, {@code ~/.llmcost/queue}): several JVMs under
 * the real agent append to the same Chronicle Queue at once — Chronicle serialises appenders of different
 * processes with a write lock in the queue's metadata file — while a {@code collect --follow} reading it is killed
 * with SIGKILL and restarted several times. In the end every call of every app is in the ledger exactly once, with
 * its own service and exact tokens, and no agent counted a call it could not record.
 */
class SharedQueueTest {

    private static final int APPS = 4;
    private static final int CALLS_PER_APP = 250;
    private static final int CALLS = APPS * CALLS_PER_APP;

    @Test
    void severalAgentJvmsAppendToOneQueueAndEveryCallIsCollectedOnce(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        try (OpenAiStub stub = new OpenAiStub()) {
            List<Process> apps = new ArrayList<>();
            for (int app = 0; app < APPS; app++) {
                apps.add(Processes.start(Processes.javaCommand(Artifacts.java(),
                        "queue.dir=" + queue + ",service.name=" + service(app) + ",attributes.extra=call",
                        Artifacts.sampleApp("sample-app"),
                        List.of("--base-url", stub.baseUrl(), "burst", Integer.toString(CALLS_PER_APP)))));
            }

            boolean killedWhileAppsRan = false;
            for (int killAfter : List.of(100, 300, 550, 800)) {
                Process collector = startFollowing(queue, out);
                waitForLedgerRows(out, killAfter, collector);
                killedWhileAppsRan |= apps.stream().filter(Process::isAlive).count() > 1;
                collector.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
                assertTrue(ledgerLines(out) < CALLS, "killed while calls were still to be collected");
            }
            assertTrue(killedWhileAppsRan, "a collector was killed while several apps were still appending");
            for (Process app : apps) {
                assertTrue(app.waitFor(3, TimeUnit.MINUTES), "the app finished");
                Processes.Result result = Processes.output(app, app.exitValue());
                assertEquals(0, app.exitValue(), result.toString());
                assertTrue(result.stdout().contains("DONE"), result.toString());
            }

            Processes.Result drain = Processes.collect(queue, out, "--once");
            assertEquals(0, drain.exitCode(), drain.toString());
            assertFalse(drain.stdout().contains("could not record") || drain.stderr().contains("could not record"),
                    drain.toString());
            assertFalse(drain.stdout().contains("rejected") || drain.stderr().contains("rejected"), drain.toString());
            assertEquals(CALLS, stub.requestCount(), "the stub answered every call");
        }

        Ledger ledger = new Ledger(out);
        assertTrue(ledger.errors.isEmpty(), ledger.errors.toString());
        assertFalse(Files.exists(out.resolve("rejected")), "no queue record was unreadable");
        assertEquals(CALLS, ledger.rows.size(), "ledger rows");
        Set<String> eventIds = new HashSet<>();
        Map<String, Set<String>> callsByService = new TreeMap<>();
        for (JsonNode row : ledger.rows) {
            eventIds.add(text(row, "event_id"));
            callsByService.computeIfAbsent(text(row, "service"), s -> new HashSet<>())
                    .add(row.path("attributes").path("call").asText());
            assertEquals("burst", text(row, "feature"), row.toString());
            assertEquals("gpt-4o-mini-2024-07-18", text(row, "response_model"), row.toString());
            assertEquals(12, row.get("input_tokens").asLong(), row.toString());
            assertEquals(5, row.get("output_tokens").asLong(), row.toString());
            assertEquals("0.0000048", Ledger.decimal(row, "cost_usd"), row.toString());
        }
        assertEquals(CALLS, eventIds.size(), "distinct event ids");
        Map<String, Integer> perService = new TreeMap<>();
        callsByService.forEach((service, calls) -> perService.put(service, calls.size()));
        Map<String, Integer> expected = new TreeMap<>();
        for (int app = 0; app < APPS; app++) {
            expected.put(service(app), CALLS_PER_APP);
        }
        assertEquals(expected, perService, "each app's calls, each once");

        assertAppendsInterleaved(ledger.rows);
        assertNoAgentLostACall(out);
    }

    /**
     * The apps' bursts overlapped in time, and their records are interleaved in the queue (the ledger keeps queue
     * order): the appends really were concurrent, not one JVM after another.
     */
    private static void assertAppendsInterleaved(List<JsonNode> rows) {
        Map<String, Instant> first = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        int switches = 0;
        String previous = null;
        for (JsonNode row : rows) {
            String service = text(row, "service");
            Instant at = Instant.parse(text(row, "timestamp"));
            first.merge(service, at, (a, b) -> a.isBefore(b) ? a : b);
            last.merge(service, at, (a, b) -> a.isAfter(b) ? a : b);
            if (previous != null && !previous.equals(service)) {
                switches++;
            }
            previous = service;
        }
        Instant latestStart = first.values().stream().max(Instant::compareTo).orElseThrow();
        Instant earliestEnd = last.values().stream().min(Instant::compareTo).orElseThrow();
        assertTrue(latestStart.isBefore(earliestEnd), "all " + APPS + " bursts overlapped: first calls " + first
                + ", last calls " + last);
        assertTrue(switches > 10 * APPS, "records of different JVMs interleave in the queue (" + switches
                + " switches between services in queue order)");
    }

    /** Each agent's last counters (kept in the checkpoint): every call captured, none dropped or unwritten. */
    private static void assertNoAgentLostACall(Path out) throws IOException {
        JsonNode agents = new ObjectMapper().readTree(out.resolve(".llmcost/checkpoint.json").toFile()).path("agents");
        assertEquals(APPS, agents.size(), agents.toString());
        Set<String> services = new HashSet<>();
        agents.forEach(agent -> {
            services.add(agent.path("service").asText());
            JsonNode counters = agent.path("counters");
            assertEquals(CALLS_PER_APP, counters.path("captured").asLong(), agent.toString());
            for (String lost : List.of("dropped_ring_full", "not_captured", "queue_write_failures", "abandoned")) {
                assertEquals(0, counters.path(lost).asLong(), lost + " in " + agent);
            }
        });
        assertEquals(APPS, services.size(), agents.toString());
    }

    private static String service(int app) {
        return "svc-" + app;
    }

    private static Process startFollowing(Path queue, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("collect", "--queue", queue.toString(), "--out", out.toString(),
                "--follow", "--batch-size", "1", "--poll-ms", "20"));
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), args));
    }

    private static void waitForLedgerRows(Path out, int rows, Process collector) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (ledgerLines(out) < rows) {
            if (!collector.isAlive()) {
                throw new AssertionError("collector exited: " + Processes.output(collector, collector.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the collector did not reach " + rows + " rows");
            }
            Thread.sleep(5);
        }
    }

    private static long ledgerLines(Path out) throws IOException {
        Path ledger = out.resolve("ledger");
        if (!Files.isDirectory(ledger)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(ledger)) {
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
        }
        return lines;
    }
}
