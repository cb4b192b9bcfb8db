package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Budgets as a user runs them: an application under the agent calls a stubbed OpenAI while {@code collect --follow
 * --budgets} watches; the webhook is another stub that fails twice before it accepts. The collector is killed with
 * SIGKILL mid-way and restarted. Every budget crossing gives exactly one alert in {@code alerts/}, each is POSTed
 * (retried through the failures) with the secret header taken from the environment, and each POST starts within
 * a minute of the call that crossed the line.
 */
class BudgetAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALLS = 400;
    /** Each call of the stub costs 12 × $0.15 + 5 × $0.60 per million tokens = $0.0000048 (gpt-4o-mini). */
    private static final String BUDGETS = """
            {"timezone": "UTC",
             "budgets": [
               {"name": "burst-daily", "scope": {"feature": "burst"}, "period": "day", "limit_usd": "0.0005",
                "warn_percent": 50},
               {"name": "each-customer", "scope": {"customer": "*"}, "period": "month", "limit_usd": "0.0002"},
               {"name": "never", "scope": {"feature": "other"}, "period": "week", "limit_usd": "1"}
             ],
             "webhook": {"url": "%s/llm-spend", "headers": {"Authorization": "Bearer ${LLMCOST_WEBHOOK_TOKEN}"}}}
            """;

    @Test
    void eachCrossingIsOneAlertInTheFileAndAtTheWebhookAcrossAKill(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        WireMockServer webhook = new WireMockServer(options().dynamicPort());
        webhook.start();
        try (OpenAiStub provider = new OpenAiStub()) {
            webhook.stubFor(post(urlEqualTo("/llm-spend")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
            webhook.stubFor(post(urlEqualTo("/llm-spend")).inScenario("flaky").whenScenarioStateIs("failed once")
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
            webhook.stubFor(post(urlEqualTo("/llm-spend")).inScenario("flaky").whenScenarioStateIs("up")
                    .willReturn(aResponse().withStatus(204)));
            Path budgets = dir.resolve("budgets.json");
            Files.writeString(budgets, BUDGETS.formatted("http://localhost:" + webhook.port()));

            Process app = Processes.start(Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                    Artifacts.sampleApp("sample-app"), List.of("--base-url", provider.baseUrl(), "burst",
                            Integer.toString(CALLS))));
            Process collector = follow(queue, out, budgets);
            waitFor(() -> ledgerRows(out) >= 150, collector, "150 ledger rows");
            collector.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: nothing is flushed or closed
            assertTrue(app.waitFor(2, TimeUnit.MINUTES), "the app finished");
            assertEquals(0, app.exitValue(), Processes.output(app, app.exitValue()).toString());

            collector = follow(queue, out, budgets);
            waitFor(() -> ledgerRows(out) >= CALLS, collector, "every call in the ledger");
            // The budgets flush every 2 s: the last alerts follow the ledger by as much.
            waitFor(() -> alerts(out).size() >= 9 && delivered(webhook).containsAll(ids(alerts(out))), collector,
                    "nine alerts, delivered");
            List<JsonNode> alerts = alerts(out);
            collector.destroy();
            collector.waitFor(30, TimeUnit.SECONDS);
            Processes.Result followed = Processes.output(collector, collector.exitValue());
            assertTrue(!followed.stdout().contains("s3cret-token") && !followed.stderr().contains("s3cret-token"),
                    "the header's value is never printed");
            JsonNode outbox = JSON.readTree(out.resolve(".llmcost/outbox/status.json").toFile());
            assertEquals(2, outbox.path("failed_attempts").asInt(), outbox.toString());
            assertTrue(outbox.path("delivered").asInt() >= 9, outbox + "\n" + followed.stderr() + "\n"
                    + webhook.getAllServeEvents().size() + " requests");

            // Exactly one alert per crossing, in the file: the breach and warning of the daily budget, one breach
            // per customer (seven customers, each past $0.0002 at its 42nd call), nothing for the idle budget.
            Map<String, Integer> kinds = new HashMap<>();
            alerts.forEach(alert -> kinds.merge(alert.path("rule").asText() + " " + alert.path("kind").asText(), 1,
                    Integer::sum));
            assertEquals(Map.of("burst-daily budget_warning", 1, "burst-daily budget_exceeded", 1,
                    "each-customer budget_exceeded", 7), kinds, alerts.toString());
            assertEquals(alerts.size(), ids(alerts).size(), "no alert twice");
            JsonNode breach = alerts.stream().filter(a -> a.path("kind").asText().equals("budget_exceeded")
                    && a.path("rule").asText().equals("burst-daily")).findFirst().orElseThrow();
            assertEquals("burst", breach.path("scope").path("feature").asText());
            assertEquals(0, breach.path("spent_usd").decimalValue().compareTo(new java.math.BigDecimal("0.000504")),
                    "the 105th call of $0.0000048 crossed $0.0005: " + breach);

            // At the webhook: every alert, after two failures, with the header from the environment, each POST
            // within a minute of the call that crossed the line.
            List<LoggedRequest> requests = webhook.findAll(postRequestedFor(urlEqualTo("/llm-spend")));
            assertTrue(requests.size() >= alerts.size() + 2, "two failed attempts, then every alert");
            Map<String, Instant> firstPost = new HashMap<>();
            for (LoggedRequest request : requests) {
                assertEquals("Bearer s3cret-token", request.getHeader("Authorization"));
                String id = JSON.readTree(request.getBodyAsString()).path("alert_id").asText();
                firstPost.putIfAbsent(id, request.getLoggedDate().toInstant());
            }
            for (JsonNode alert : alerts) {
                Instant crossed = Instant.parse(alert.path("timestamp").asText());
                Duration delay = Duration.between(crossed, firstPost.get(alert.path("alert_id").asText()));
                assertTrue(delay.compareTo(Duration.ofSeconds(60)) < 0, "posted " + delay + " after " + alert);
            }

            // budgets status agrees with the alerts, from the ledger.
            Processes.Result status = Processes.run(Processes.javaCommand(Artifacts.java(), null,
                    Artifacts.collectorJar(), List.of("budgets", "status", "--out", out.toString(), "--format",
                            "json")), Duration.ofMinutes(1));
            assertEquals(0, status.exitCode(), status.toString());
            JsonNode statusJson = JSON.readTree(status.stdout());
            int exceeded = 0;
            for (JsonNode row : statusJson.path("budgets")) {
                exceeded += row.path("state").asText().equals("exceeded") ? 1 : 0;
            }
            assertEquals(8, exceeded, status.stdout());
        } finally {
            webhook.stop();
        }
    }

    private static Process follow(Path queue, Path out, Path budgets) throws IOException {
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), List.of(
                "collect", "--queue", queue.toString(), "--out", out.toString(), "--follow", "--budgets",
                budgets.toString(), "--batch-size", "10", "--poll-ms", "50")),
                Map.of("LLMCOST_WEBHOOK_TOKEN", "s3cret-token"));
    }

    private static Set<String> ids(List<JsonNode> alerts) {
        Set<String> ids = new HashSet<>();
        alerts.forEach(alert -> ids.add(alert.path("alert_id").asText()));
        return ids;
    }

    private static Set<String> delivered(WireMockServer webhook) {
        Set<String> ids = new HashSet<>();
        for (var event : webhook.getAllServeEvents()) {
            if (event.getResponse().getStatus() / 100 == 2) {
                try {
                    ids.add(JSON.readTree(event.getRequest().getBodyAsString()).path("alert_id").asText());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return ids;
    }

    private static List<JsonNode> alerts(Path out) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        Path directory = out.resolve("alerts");
        if (!Files.isDirectory(directory)) {
            return alerts;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    alerts.add(JSON.readTree(line));
                }
            }
        }
        return alerts;
    }

    private static long ledgerRows(Path out) {
        Path ledger = out.resolve("ledger");
        if (!Files.isDirectory(ledger)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(ledger)) {
            long rows = 0;
            for (Path file : files.toList()) {
                rows += Files.readAllLines(file).size();
            }
            return rows;
        } catch (IOException e) {
            return 0;
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, Process collector, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.holds()) {
            if (!collector.isAlive()) {
                throw new AssertionError("collector exited: " + Processes.output(collector, collector.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 2 minutes for " + what + ": "
                        + Processes.output(collector, -1));
            }
            Thread.sleep(20);
        }
    }
}
