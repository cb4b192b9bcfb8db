package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Attribution wherever the work runs: the sample app sets its MDC only on the thread that submits the LLM call,
 * and makes the call from an executor's thread, a scheduled or periodic task, a fork/join pool, the common pool,
 * {@code CompletableFuture.supplyAsync} (default and given executor), a parallel stream, a new thread, a virtual
 * thread (Java 25) and a timer. Every row has the submitter's feature, customer and team; a pooled thread never
 * carries one task's attribution into the next; a task's own MDC wins, key by key.
 */
class ThreadHopsTest {

    /** Scenario → rows it makes. */
    private static final Map<String, Integer> HOPS = new LinkedHashMap<>();

    static {
        for (String hop : List.of("hop-execute", "hop-submit", "hop-invoke-all", "hop-schedule", "hop-fork-join-pool",
                "hop-common-pool", "hop-supply-async", "hop-supply-async-executor", "hop-thread", "hop-timer")) {
            HOPS.put(hop, 1);
        }
        HOPS.put("hop-schedule-periodic", 2);
        HOPS.put("hop-parallel-stream", 3);
    }

    private static OpenAiStub stub;

    @BeforeAll
    static void startStub() {
        stub = new OpenAiStub();
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @ParameterizedTest(name = "Java {0}")
    @ValueSource(ints = {17, 25})
    void everyRowHasTheAttributionOfTheThreadThatSubmittedTheWork(int javaVersion, @org.junit.jupiter.api.io.TempDir
            Path dir) throws Exception {
        Path jvm = javaVersion == 17 ? Artifacts.java() : Artifacts.java25();
        Assumptions.assumeTrue(Files.isExecutable(jvm), "no Java " + javaVersion + " at " + jvm);
        Map<String, Integer> hops = new LinkedHashMap<>(HOPS);
        if (javaVersion >= 21) {
            hops.put("hop-virtual-thread", 2);
        }
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        List<String> appArgs = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
        appArgs.addAll(hops.keySet());
        appArgs.addAll(List.of("hop-no-leak", "hop-task-mdc-wins"));
        Processes.Result app = Processes.run(Processes.javaCommand(jvm, "queue.dir=" + queue,
                Artifacts.sampleApp("sample-app"), appArgs), Duration.ofMinutes(2));
        assertEquals(0, app.exitCode(), app.toString());

        Processes.Result collector = Processes.collect(queue, out, "--once");
        assertEquals(0, collector.exitCode(), collector.toString());
        Ledger ledger = new Ledger(out);
        for (Map.Entry<String, Integer> hop : hops.entrySet()) {
            List<JsonNode> rows = ledger.byFeature(hop.getKey());
            assertEquals(hop.getValue(), rows.size(), hop.getKey() + ": " + rows + "\nfeatures: " + ledger.rows.stream()
                    .map(row -> text(row, "feature")).toList() + "\n" + app);
            for (JsonNode row : rows) {
                assertEquals("acme", text(row, "customer"), row.toString());
                assertEquals("hops", text(row, "team"), row.toString());
            }
        }
        assertEquals(1, ledger.byFeature("hop-no-leak-first").size());
        List<JsonNode> unattributed = ledger.byFeature(null);
        assertEquals(1, unattributed.size(), "the task submitted with no MDC: " + unattributed);
        assertNull(text(unattributed.get(0), "customer"), "no leak from the pooled thread's earlier task");
        JsonNode own = ledger.one("hop-task-mdc-wins");
        assertEquals("acme", text(own, "customer"), "what the task did not set comes from its submitter");
        assertEquals(hops.values().stream().mapToInt(Integer::intValue).sum() + 3, ledger.rows.size(),
                "one row per call");
    }
}
