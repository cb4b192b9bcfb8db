package dev.llmcost.collector;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.llmcost.collector.AllocateCommandTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code report --costs}: direct + allocated = total per row when grouped by the receiving dimension. */
class ReportSharedCostsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path out;

    private Path costs;

    private void ledger() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        Files.writeString(ledger.resolve("2026-11-03.jsonl"),
                call("2026-11-03", "search", "acme", 800L, 200L, "0.60")
                        + call("2026-11-03", "search", "globex", 400L, 100L, "0.40")
                        + call("2026-11-03", "chat", "acme", 5000L, 0L, "0.50"));
        costs = out.resolve("costs.json");
        Files.writeString(costs, """
                {"shared_costs": [
                  {"name": "vector-db", "amount_usd": "900.00", "period": "2026-11", "to": "customer",
                   "allocate_by": "tokens", "scope": {"feature": "search"}},
                  {"name": "platform-team", "amount_usd": "3000", "period": "2026-11", "to": "feature",
                   "allocate_by": "weights", "weights": {"search": 2, "support-chat": 1}},
                  {"name": "old-db", "amount_usd": "50", "period": "2026-10", "to": "customer",
                   "allocate_by": "calls"}
                ]}""");
    }

    private String report(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--out", out.toString(), "--costs", costs.toString()));
        all.addAll(List.of(args));
        assertEquals(0, new ReportCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(all));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void groupedByTheReceivingDimensionEveryRowIsDirectPlusAllocated() throws Exception {
        ledger();
        JsonNode json = JSON.readTree(report("--by", "customer", "--format", "json"));
        JsonNode acme = row(json, "customer", "acme");
        // 1000 and 500 search tokens: 600.00 and 300.00 of the vector DB.
        assertEquals(new BigDecimal("600"), acme.path("allocated_cost_usd").decimalValue());
        assertEquals(new BigDecimal("601.1"), acme.path("total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("300.4"), row(json, "customer", "globex").path("total_cost_usd").decimalValue());
        for (JsonNode row : json.path("rows")) {
            assertEquals(0, row.path("cost_usd").decimalValue().add(row.path("allocated_cost_usd").decimalValue())
                    .compareTo(row.path("total_cost_usd").decimalValue()), row.toString());
        }
        // The total counts every cost of the report's days: the one not split by customer, the unallocated one.
        JsonNode total = json.path("total");
        assertEquals(new BigDecimal("3950"), total.path("allocated_cost_usd").decimalValue());
        assertEquals(new BigDecimal("3951.5"), total.path("total_cost_usd").decimalValue());
        List<String> statuses = new ArrayList<>();
        json.path("shared_costs").forEach(cost -> statuses.add(cost.path("name").asText() + " "
                + cost.path("status").asText()));
        assertEquals(List.of("vector-db split", "platform-team not_split", "old-db unallocated"), statuses);
    }

    @Test
    void aWeightedValueWithoutCallsGetsARowAndCostsNotSplitByTheGroupingAreOneLine() throws Exception {
        ledger();
        String table = report("--by", "feature");
        assertTrue(table.contains("COST_USD  ALLOCATED_USD  TOTAL_USD"), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+search\\s+2\\s+1200\\s+300\\s+\\$1\\.00\\s+"
                + "\\$2,000\\.00\\s+\\$2,001\\.00\\s.*")), table);
        // Sorted by total: support-chat (1000) above chat (0.5).
        assertTrue(table.indexOf("support-chat") < table.indexOf("  chat "), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+support-chat\\s+0\\s+0\\s+0\\s+\\$0\\.00\\s+"
                + "\\$1,000\\.00\\s+\\$1,000\\.00\\s.*")), table);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+TOTAL\\s+3\\s+6200\\s+300\\s+\\$1\\.50\\s+"
                + "\\$3,950\\.00\\s+\\$3,951\\.50\\s.*")), table);
        assertTrue(table.contains("shared: $900.00 vector-db (2026-11), not split by this grouping (it is "
                + "allocated by customer: report --by customer splits it)"), table);
        assertTrue(table.contains("warning: shared cost old-db (2026-10): $50.00 unallocated: no calls in scope in "
                + "2026-10"), table);
        // A report of November only leaves October's cost out, and says so.
        String november = report("--by", "feature", "--since", "2026-11-01", "--until", "2026-11-30");
        assertTrue(november.contains("note: shared cost old-db (2026-10) left out"), november);
        assertTrue(november.lines().anyMatch(line -> line.matches("\\s+TOTAL\\s.*\\s\\$3,900\\.00\\s+\\$3,901\\.50\\s.*")),
                november);
    }

    @Test
    void csvGainsTheTwoColumnsAfterTheCostAndHtmlSaysItCannot() throws Exception {
        ledger();
        List<String> csv = report("--by", "customer", "--format", "csv").lines().toList();
        assertTrue(csv.get(0).startsWith("customer,calls,input_tokens,output_tokens,cache_read_tokens,"
                + "cache_write_tokens,reasoning_tokens,cost_usd,allocated_cost_usd,total_cost_usd,share_pct,"),
                csv.get(0));
        assertTrue(csv.contains("globex,1,400,100,0,0,0,0.4,300,300.4,26.7,0.4,0.8,,0,0"), csv.toString());
        assertTrue(assertThrows(CollectorException.class, () -> report("--format", "html")).getMessage()
                .contains("--costs is shown in the table, csv and json formats, not html"));
    }

    private static JsonNode row(JsonNode report, String dimension, String value) {
        for (JsonNode row : report.path("rows")) {
            if (value.equals(row.path(dimension).asText())) {
                return row;
            }
        }
        throw new AssertionError("no row " + value + " in " + report);
    }
}
