package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
                Process collector = CollectorRuns.startFollowing(queue, out);
                CollectorRuns.waitForLedgerRows(out, killAfter, collector, Duration.ofMinutes(3));
                collector.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
                assertTrue(CollectorRuns.ledgerLines(out) < CALLS,
                        "killed while calls were still to be collected");
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



}
