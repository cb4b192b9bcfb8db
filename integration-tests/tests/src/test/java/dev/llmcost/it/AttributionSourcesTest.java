package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attribution from the llmcost-api and OpenTelemetry Baggage (the real opentelemetry-api in the app), and the
 * environment from {@code OTEL_RESOURCE_ATTRIBUTES}: the sample app runs under the agent jar in its own JVM, the
 * collector reads the real queue, and every ledger row says what the app said, wherever the call ran.
 */
class AttributionSourcesTest {

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
    void theApiAndBaggageAttributeCallsAndEveryRowHasTheEnvironment(int javaVersion, @TempDir Path dir)
            throws Exception {
        Path jvm = javaVersion == 17 ? Artifacts.java() : Artifacts.java25();
        Assumptions.assumeTrue(Files.isExecutable(jvm), "no Java " + javaVersion + " at " + jvm);
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        Processes.Result app = Processes.run(Processes.javaCommand(jvm, "queue.dir=" + queue,
                        Artifacts.sampleApp("sample-app-attribution"), List.of("--base-url", stub.baseUrl(),
                                "api-same-thread", "api-hop", "api-supply-async", "precedence", "baggage-hop")),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=shop,deployment.environment.name=staging%20eu"),
                Duration.ofMinutes(2));
        assertEquals(0, app.exitCode(), app.toString());
        Processes.Result collector = Processes.collect(queue, out, "--once");
        assertEquals(0, collector.exitCode(), collector.toString());
        Ledger ledger = new Ledger(out);

        for (String feature : List.of("api-same-thread", "api-hop", "api-supply-async")) {
            JsonNode row = ledger.one(feature);
            assertEquals("acme", text(row, "customer"), "captured at submit, by value: " + row);
            assertEquals("api-team", text(row, "team"), row.toString());
        }
        List<JsonNode> unattributed = ledger.byFeature(null);
        assertEquals(1, unattributed.size(), "the task submitted with nothing in force: " + unattributed);
        assertNull(text(unattributed.get(0), "customer"), "no leak from the pooled thread's earlier task");

        JsonNode precedence = ledger.one("precedence");
        assertEquals("mdc-customer", text(precedence, "customer"), "the MDC wins over Baggage: " + precedence);
        assertEquals("baggage-team", text(precedence, "team"), "Baggage where nothing else says: " + precedence);

        JsonNode baggage = ledger.one("baggage-hop");
        assertEquals("globex", text(baggage, "customer"), baggage.toString());
        assertEquals("otel-team", text(baggage, "team"), baggage.toString());

        assertEquals(6, ledger.rows.size(), "one row per call: " + ledger.rows);
        for (JsonNode row : ledger.rows) {
            assertEquals("staging eu", text(row, "environment"), row.toString());
        }
        assertTrue(ledger.rollupLines.get(0).contains(",environment,"), ledger.rollupLines.get(0));
        assertTrue(ledger.rollupLines.stream().skip(1).allMatch(line -> line.contains(",staging eu,")),
                String.join("\n", ledger.rollupLines));
    }
}
