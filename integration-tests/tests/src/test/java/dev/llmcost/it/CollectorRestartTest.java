package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector is killed with SIGKILL in the middle of its work, several times, while an application keeps
 * calling; after each restart it continues. In the end every call is in the ledger exactly once, and the
 * rollups agree with the ledger.
 */
class CollectorRestartTest {

    private static final int CALLS = 400;

    @Test
    void everyEventExactlyOnceAcrossKills(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        try (OpenAiStub stub = new OpenAiStub()) {
            Process app = Processes.start(Processes.javaCommand(Artifacts.java(),
                    "queue.dir=" + queue + ",attributes.extra=call", Artifacts.sampleApp("sample-app"),
                    List.of("--base-url", stub.baseUrl(), "burst", Integer.toString(CALLS))));

            for (int killAfter : List.of(40, 150, 260)) {
                Process collector = startFollowing(queue, out);
                waitForLedgerRows(out, killAfter, collector);
                collector.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
                assertTrue(ledgerLines(out) < CALLS, "killed while calls were still to be collected");
            }
            assertTrue(app.waitFor(2, TimeUnit.MINUTES), "the app finished");
            Processes.Result appResult = Processes.output(app, app.exitValue());
            assertEquals(0, app.exitValue(), appResult.toString());

            Processes.Result drain = Processes.collect(queue, out, "--once");
            assertEquals(0, drain.exitCode(), drain.toString());
        }

        List<JsonNode> rows = new Ledger(out).byFeature("burst");
        Set<String> eventIds = new HashSet<>();
        Set<String> calls = new HashSet<>();
        for (JsonNode row : rows) {
            eventIds.add(row.get("event_id").asText());
            calls.add(row.path("attributes").path("call").asText());
        }
        assertEquals(CALLS, rows.size(), "ledger rows");
        assertEquals(CALLS, eventIds.size(), "distinct events");
        assertEquals(CALLS, calls.size(), "each of the app's calls");
        List<String> rollup = new Ledger(out).rollupLines;
        int callsColumn = List.of(rollup.get(0).split(",")).indexOf("calls");
        long rolledUp = rollup.stream().skip(1)
                .mapToLong(line -> Long.parseLong(line.split(",", -1)[callsColumn])).sum();
        assertEquals(CALLS, rolledUp, "rollup calls agree with the ledger");
    }

    private static Process startFollowing(Path queue, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("collect", "--queue", queue.toString(), "--out", out.toString(),
                "--follow", "--batch-size", "1", "--poll-ms", "20"));
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), args));
    }

    private static void waitForLedgerRows(Path out, int rows, Process collector) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
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
