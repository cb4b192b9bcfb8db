package dev.llmcost.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report --format html} as a person opens it: one file, rendered offline by headless Chromium, whose
 * four charts must have drawn (the page marks how many did) with bars and donut slices in them.
 */
class HtmlReportTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void theChartsDrawInHeadlessChromiumWithNoNetwork(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (.ci/run installs it)");
        Path out = dir.resolve("out");
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        String[] features = {"search", "chat", "summarize"};
        String[] customers = {"acme", "globex"};
        String[] models = {"gpt-4o-mini", "claude-sonnet-4-5"};
        for (int day = 20; day <= 24; day++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                rows.append("{\"event_id\":\"e").append(day).append('-').append(i)
                        .append("\",\"timestamp\":\"2026-11-").append(day).append("T10:00:00.000Z\",")
                        .append("\"duration_ms\":100,\"http_status\":200,")
                        .append("\"provider\":\"openai\",\"response_model\":\"").append(models[i % 2])
                        .append("\",\"usage_status\":\"reported\",\"input_tokens\":1000,\"output_tokens\":100,")
                        .append("\"cost_usd\":0.00").append(1 + i).append(",\"price_ref\":\"r\",")
                        .append("\"feature\":\"").append(features[i % 3]).append("\",\"customer\":\"")
                        .append(customers[i % 2]).append("\",\"attributes\":{\"conversation\":\"c")
                        .append(i % 4).append("\"}}\n");
            }
            Files.writeString(ledger.resolve("2026-11-" + day + ".jsonl"), rows);
        }

        Path budgets = Files.writeString(dir.resolve("budgets.json"), """
                {"budgets": [{"name": "each-customer", "scope": {"customer": "*"}, "period": "month",
                              "limit_usd": "0.10"},
                             {"name": "search", "scope": {"feature": "search"}, "period": "month", "limit_usd": "1"}]}
                """);
        Processes.Result report = Processes.run(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(),
                List.of("report", "--out", out.toString(), "--per", "conversation", "--format", "html",
                        "--budgets", budgets.toString())),
                Duration.ofMinutes(1));
        assertEquals(0, report.exitCode(), report.toString());
        Path html = Files.writeString(dir.resolve("report.html"), report.stdout());
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?https?:|url\\(|@import").matcher(report.stdout()).find(),
                "self-contained: no script, style, image or font is fetched from anywhere");

        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom", html.toUri().toString()));
        Processes.Result rendered = Processes.run(command, Duration.ofMinutes(1));
        String dom = rendered.stdout();
        assertTrue(dom.contains("data-charts-drawn=\"5\""), "all four charts and the budgets drew:\n"
                + rendered.stderr());
        assertTrue(dom.contains("stroke-dasharray"), "a forecast line in the budgets panel");
        assertTrue(dom.contains("each-customer customer=acme") && dom.contains("exceeded"), dom);
        assertTrue(count(dom, "<rect") >= 5 * 3 + 2 + 3, "stacked bars, customer bars and outcome bars drawn");
        assertTrue(count(dom, "<path") >= 2, "one donut slice per model");
        assertTrue(dom.contains("search") && dom.contains("globex") && dom.contains("claude-sonnet-4-5"));
        Files.writeString(dir.resolve("rendered.html"), dom, StandardCharsets.UTF_8);
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
