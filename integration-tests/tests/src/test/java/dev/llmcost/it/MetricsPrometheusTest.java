package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code collect --follow --metrics-port} as a user runs it under Prometheus: an application under the agent calls
 * a stubbed OpenAI, the collector follows its queue and serves {@code /metrics}, and a real Prometheus server
 * (Debian's {@code prometheus} package, started here with its own configuration) scrapes it every second. PromQL
 * over Prometheus' HTTP API then returns the spend the ledger holds (in all and by customer), its calls and
 * tokens, the budget's spend; and every query of the Grafana dashboard in the repository runs without error.
 */
class MetricsPrometheusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final int BURST = 100;
    /** Priced calls of several features, one whose stream had no usage and one malformed: the coverage panels. */
    private static final List<String> SCENARIOS = List.of("jdk-string", "jdk-bytes", "jdk-inputstream",
            "stream-no-usage", "malformed", "burst", Integer.toString(BURST));
    private static final String BUDGETS = """
            {"timezone": "UTC",
             "budgets": [{"name": "burst-daily", "scope": {"feature": "burst"}, "period": "day", "limit_usd": "1"}]}
            """;
    /** Doubles carry 15 to 17 significant digits; the spend is compared on 12 (the ledger's costs have fewer). */
    private static final MathContext DIGITS = new MathContext(12);

    @Test
    void prometheusReturnsTheLedgersSpendAndRunsEveryDashboardQuery(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "assumption: no Prometheus server at " + PROMETHEUS
                + " (Debian's package: apt-get install prometheus); the metrics test needs a real one");
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        Path budgets = dir.resolve("budgets.json");
        Files.writeString(budgets, BUDGETS);
        int metricsPort = freePort();
        int prometheusPort = freePort();
        List<Process> started = new ArrayList<>();
        try (OpenAiStub provider = new OpenAiStub()) {
            List<String> appArgs = new ArrayList<>(List.of("--base-url", provider.baseUrl()));
            appArgs.addAll(SCENARIOS);
            Process app = start(started, Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                    Artifacts.sampleApp("sample-app"), appArgs));
            Process collector = start(started, Processes.javaCommand(Artifacts.java(), null,
                    Artifacts.collectorJar(), List.of("collect", "--queue", queue.toString(), "--out", out.toString(),
                            "--follow", "--batch-size", "10", "--poll-ms", "50", "--budgets", budgets.toString(),
                            "--metrics-port", Integer.toString(metricsPort), "--metrics-host", "127.0.0.1",
                            "--metrics-labels", "customer")));
            Process prometheus = start(started, prometheus(dir, metricsPort, prometheusPort));
            String api = "http://127.0.0.1:" + prometheusPort;

            assertTrue(app.waitFor(3, TimeUnit.MINUTES), "the app finished");
            assertEquals(0, app.exitValue(), Processes.output(app, app.exitValue()).toString());
            int expectedRows = SCENARIOS.size() - 2 + BURST;
            waitFor(() -> new Ledger(out).rows.size() >= expectedRows, collector, () -> "every call in the ledger");
            Ledger ledger = new Ledger(out);
            assertEquals(expectedRows, ledger.rows.size());
            BigDecimal spend = BigDecimal.ZERO;
            Map<String, BigDecimal> byCustomer = new TreeMap<>();
            BigDecimal burstToday = BigDecimal.ZERO;
            long inputTokens = 0;
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (JsonNode row : ledger.rows) {
                inputTokens += row.path("input_tokens").asLong();
                if (row.path("cost_usd").isNull()) {
                    continue;
                }
                BigDecimal cost = row.path("cost_usd").decimalValue();
                spend = spend.add(cost);
                byCustomer.merge(row.path("customer").asText(), cost, BigDecimal::add);
                if (row.path("feature").asText().equals("burst")
                        && Instant.parse(row.path("timestamp").asText()).atZone(ZoneOffset.UTC).toLocalDate()
                        .equals(today)) {
                    burstToday = burstToday.add(cost);
                }
            }
            assertTrue(spend.signum() > 0);

            // The spend, exactly as the ledger has it, once Prometheus has scraped the last commit.
            BigDecimal expected = spend;
            waitFor(() -> value(api, "sum(llmcost_cost_usd_total)").round(DIGITS).compareTo(expected.round(DIGITS))
                    == 0, prometheus, () -> "sum(llmcost_cost_usd_total) = " + expected + " (last answer: "
                    + lastAnswer + ")");
            Map<String, String> promByCustomer = new TreeMap<>();
            for (JsonNode series : query(api, "sum by (customer) (llmcost_cost_usd_total)")) {
                promByCustomer.put(series.path("metric").path("customer").asText(),
                        digits(new BigDecimal(series.path("value").get(1).asText())));
            }
            Map<String, String> ledgerByCustomer = new TreeMap<>();
            byCustomer.forEach((customer, cost) -> ledgerByCustomer.put(customer, digits(cost)));
            assertEquals(ledgerByCustomer, promByCustomer, "spend by customer");
            assertEquals(expectedRows, value(api, "sum(llmcost_calls_total)").intValueExact());
            assertEquals(inputTokens, value(api, "sum(llmcost_tokens_total{kind=\"input\"})").longValueExact());
            assertEquals(2, value(api, "sum(llmcost_unpriced_calls_total{reason=\"no_usage\"})").intValueExact(),
                    "the stream without usage and the malformed response");
            assertEquals(0, value(api, "max(llmcost_collector_lag_records)").signum(), "caught up");
            assertTrue(value(api, "max(llmcost_collector_records_total)").longValueExact() >= expectedRows);
            assertEquals(0, value(api, "sum(llmcost_metrics_overflow_calls_total)").signum());
            assertEquals(0, value(api, "max(llmcost_budget_spent_usd{budget=\"burst-daily\"})").round(DIGITS)
                    .compareTo(burstToday.round(DIGITS)), "the budget's spend today");
            assertEquals(0, value(api, "max(llmcost_budget_limit_usd{budget=\"burst-daily\"})")
                    .compareTo(BigDecimal.ONE));

            // increase(), as the dashboard's spend panels use it, counts the first batch of each series too (the
            // endpoint shows a new series at 0 to its first scrape): nothing is lost to the panels, though Prometheus
            // extrapolates to the ends of the range.
            waitFor(() -> value(api, "sum(increase(llmcost_cost_usd_total[5m]))").signum() > 0, prometheus,
                    () -> "increase() over the spend");
            BigDecimal increase = value(api, "sum(increase(llmcost_cost_usd_total[5m]))");
            assertTrue(increase.compareTo(spend.multiply(new BigDecimal("0.9"))) >= 0, increase + " of " + spend);

            dashboardQueriesRun(api);
        } finally {
            for (Process process : started) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /**
     * Every target of every panel, with the dashboard's variables as "All" and Grafana's intervals given values,
     * runs as an instant query and over the last minutes as a range query, without error; the spend panels have
     * data.
     */
    private void dashboardQueriesRun(String api) throws Exception {
        Path file = Artifacts.root().resolve("collector/src/main/dashboards/llmcost-grafana.json");
        JsonNode dashboard = JSON.readTree(file.toFile());
        JsonNode variables = dashboard.path("templating").path("list");
        assertEquals("datasource", variables.get(0).path("type").asText(), "a datasource variable to import with");
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + panel.path("id"));
            assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), panel.toString());
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            for (JsonNode target : panel.path("targets")) {
                assertEquals("${datasource}", target.path("datasource").path("uid").asText());
                String expr = target.path("expr").asText()
                        .replace("$__rate_interval", "30s").replace("$__interval", "15s")
                        .replace("$__range", "5m").replaceAll("\\$(feature|model|team|service|customer)", ".*");
                assertFalse(expr.contains("$"), "every variable substituted: " + expr);
                JsonNode instant = get(api + "/api/v1/query?query=" + encode(expr));
                assertEquals("success", instant.path("status").asText(), panel.path("title") + ": " + instant);
                long end = Instant.now().getEpochSecond();
                JsonNode range = get(api + "/api/v1/query_range?query=" + encode(expr) + "&start=" + (end - 120)
                        + "&end=" + end + "&step=5");
                assertEquals("success", range.path("status").asText(), panel.path("title") + ": " + range);
                if (panel.path("title").asText().startsWith("Spend")) {
                    assertFalse(instant.path("data").path("result").isEmpty(), panel.path("title") + " has data: "
                            + expr);
                }
                queries++;
            }
        }
        assertTrue(queries >= 20, queries + " queries");
    }

    private static String digits(BigDecimal amount) {
        return amount.round(DIGITS).stripTrailingZeros().toPlainString();
    }

    private static List<String> prometheus(Path dir, int metricsPort, int prometheusPort) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: llmcost
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(metricsPort));
        return List.of(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--log.level=warn");
    }

    private static Process start(List<Process> started, List<String> command) throws IOException {
        Process process = Processes.start(command);
        started.add(process);
        return process;
    }

    private volatile String lastAnswer = "";

    /** The one value of an instant query (0 when it has none yet). */
    private BigDecimal value(String api, String promql) throws Exception {
        JsonNode result = query(api, promql);
        lastAnswer = result.toString();
        return result.isEmpty() ? BigDecimal.ZERO : new BigDecimal(result.get(0).path("value").get(1).asText());
    }

    private static JsonNode query(String api, String promql) throws Exception {
        JsonNode answer = get(api + "/api/v1/query?query=" + encode(promql));
        assertEquals("success", answer.path("status").asText(), promql + ": " + answer);
        return answer.path("data").path("result");
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} for up to two minutes, while {@code process} lives. */
    private static void waitFor(Condition condition, Process process, java.util.function.Supplier<String> what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException notYet) {
                // Prometheus still starting
            }
            if (!process.isAlive()) {
                throw new AssertionError(process.info().command().orElse("a process") + " exited: "
                        + Processes.output(process, process.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 2 minutes for " + what.get() + ": " + Processes.output(process, -1));
            }
            Thread.sleep(200);
        }
    }
}
