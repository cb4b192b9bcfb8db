package dev.llmcost.collector;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report --cache blended}: one customer warms the prompt cache (pays the cache writes), the other reads it
 * (cheaply); blended, both pay the same rate per input token and the total is what was billed.
 */
class ReportBlendedCacheTest {

    /** USD per million tokens: input 3, cache read 0.30, cache write 3.75, output 15. */
    private static final String PRICES = """
            {"prices": [{"provider": "anthropic", "model": "test-claude", "valid_from": "2026-01-01",
              "usd_per_million_tokens": {"input": "3", "cache_read": "0.30", "cache_write": "3.75", "output": "15"},
              "source": "test"}]}
            """;
    private static final String REF = "anthropic/test-claude@2026-01-01";

    @TempDir
    Path out;

    private static String row(String customer, String feature, String status, long input, long cacheRead,
                              long cacheWrite, long output, String cost, String ref) {
        return "{\"event_id\":\"e-" + customer + "\",\"timestamp\":\"2026-11-24T10:00:00.000Z\","
                + "\"duration_ms\":100,\"streaming\":false,\"http_status\":200,"
                + "\"provider\":\"anthropic\",\"operation\":\"chat\",\"request_model\":\"test-claude\","
                + "\"response_model\":null,\"usage_status\":\"" + status + "\",\"input_tokens\":" + input
                + ",\"output_tokens\":" + output + ",\"cache_read_tokens\":" + cacheRead + ",\"cache_write_tokens\":"
                + cacheWrite + ",\"cache_write_1h_tokens\":0,\"reasoning_tokens\":0,\"cost_usd\":" + cost
                + ",\"price_ref\":" + (ref == null ? "null" : "\"" + ref + "\"") + ",\"feature\":\"" + feature
                + "\",\"customer\":\"" + customer + "\",\"team\":null,\"attributes\":{},\"service\":\"api\"}\n";
    }

    /**
     * acme warms the cache: 2,000 uncached input tokens ($0.006) + 8,000 written ($0.03) + 500 output ($0.0075) =
     * $0.0435. globex reads it: 2,000 uncached ($0.006) + 8,000 read ($0.0024) + 500 output ($0.0075) = $0.0159.
     * Plus a call without usage and an unpriced one, which are not pooled.
     */
    private Path ledger() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        Files.writeString(ledger.resolve("2026-11-24.jsonl"),
                row("acme", "chat", "reported", 10_000, 0, 8_000, 500, "0.0435", REF)
                        + row("globex", "chat", "reported", 10_000, 8_000, 0, 500, "0.0159", REF)
                        + row("globex", "chat", "missing", 0, 0, 0, 0, "null", null)
                        + row("initech", "chat", "reported", 10, 0, 0, 10, "null", null));
        return Files.writeString(out.resolve("prices.json"), PRICES);
    }

    private String report(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new ReportCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(args));
        assertEquals(0, exit);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return node.path(field).decimalValue();
    }

    private static JsonNode rowOf(JsonNode json, String customer) {
        for (JsonNode row : json.path("rows")) {
            if (customer.equals(row.path("customer").asText())) {
                return row;
            }
        }
        throw new AssertionError("no row for " + customer + " in " + json);
    }

    @Test
    void bothCustomersPayOneRatePerInputTokenAndTheBlendedTotalIsTheActualTotal() throws Exception {
        Path prices = ledger();
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--by", "customer",
                "--cache", "blended", "--prices", prices.toString(), "--format", "json"));
        JsonNode acme = rowOf(json, "acme");
        JsonNode globex = rowOf(json, "globex");

        // The pool: 20,000 input tokens, $0.036 + $0.0084 = $0.0444 of input-side cost: $2.22 per million.
        JsonNode pool = json.path("cache_pricing").path("pools").get(0);
        assertEquals("test-claude", pool.path("model").asText());
        assertEquals(20_000, pool.path("input_tokens").asLong());
        assertEquals(0, new BigDecimal("0.0444").compareTo(decimal(pool, "input_cost_usd")));
        assertEquals(0, new BigDecimal("2.22").compareTo(decimal(pool, "usd_per_1m_input_tokens")));

        // Each pays 10,000 × $2.22/M = $0.0222 for its input and its own $0.0075 of output.
        assertEquals(0, new BigDecimal("0.0297").compareTo(decimal(acme, "blended_cost_usd")));
        assertEquals(0, new BigDecimal("0.0297").compareTo(decimal(globex, "blended_cost_usd")));
        BigDecimal output = new BigDecimal("0.0075");
        assertEquals(0, decimal(acme, "blended_cost_usd").subtract(output).multiply(BigDecimal.valueOf(globex
                .path("input_tokens").asLong())).compareTo(decimal(globex, "blended_cost_usd").subtract(output)
                .multiply(BigDecimal.valueOf(acme.path("input_tokens").asLong()))), "the same rate per input token");

        // Actual is what was billed, beside the usual cost_usd.
        assertEquals(0, new BigDecimal("0.0435").compareTo(decimal(acme, "actual_cost_usd")));
        assertEquals(0, new BigDecimal("0.0159").compareTo(decimal(globex, "actual_cost_usd")));
        assertEquals(0, decimal(acme, "cost_usd").compareTo(decimal(acme, "actual_cost_usd")));

        // Savings: 10,000 input tokens uncached at $3/M = $0.03, minus the input side actually paid.
        assertEquals(0, new BigDecimal("-0.006").compareTo(decimal(acme, "cache_savings_usd")),
                "writing the cache cost acme more than no cache: 0.03 - 0.036");
        assertEquals(0, new BigDecimal("0.0216").compareTo(decimal(globex, "cache_savings_usd")), "0.03 - 0.0084");

        // Blended and actual add up to the same total, exactly.
        JsonNode total = json.path("total");
        assertEquals("0.0594", decimal(total, "blended_cost_usd").stripTrailingZeros().toPlainString());
        assertEquals(0, decimal(total, "blended_cost_usd").compareTo(decimal(total, "actual_cost_usd")));
        assertEquals(0, decimal(total, "actual_cost_usd").compareTo(decimal(total, "cost_usd")));
        assertEquals(0, new BigDecimal("0.0156").compareTo(decimal(total, "cache_savings_usd")), "-0.006 + 0.0216");

        JsonNode cache = json.path("cache_pricing");
        assertEquals("blended", cache.path("view").asText());
        assertTrue(cache.path("method").asText().contains("pooled"), cache.toString());
        assertEquals(2, cache.path("pooled_calls").asLong());
        assertEquals(1, cache.path("calls_not_pooled").path("usage_missing").asLong());
        assertEquals(1, cache.path("calls_not_pooled").path("unpriced").asLong());
        assertTrue(rowOf(json, "initech").path("blended_cost_usd").isNull(), "an unpriced row has no blended cost");
    }

    @Test
    void theTableAndCsvCarryTheColumnsAndTheTableStatesItsMethod() throws Exception {
        Path prices = ledger();
        String table = report("--out", out.toString(), "--by", "customer", "--cache", "blended", "--prices",
                prices.toString());
        assertTrue(table.contains("BLENDED_COST_USD  ACTUAL_COST_USD  CACHE_SAVINGS_USD"), table);
        // Rounded for people: $0.0297 blended, $0.0435 actual, -$0.006 saved (the JSON and CSV keep the digits).
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+acme\\s.*\\$0\\.03\\s+\\$0\\.04\\s+-\\$0\\.006")),
                table);
        assertTrue(table.lines().anyMatch(line -> line.matches("\\s+TOTAL\\s.*\\$0\\.06\\s+\\$0\\.06\\s+\\$0\\.02")),
                table);
        assertTrue(table.contains("cache pricing: blended (prompt amortization): the input-side cost (uncached input, "
                + "cache reads and cache writes) of each model over the period is pooled"), table);
        assertTrue(table.contains("cache pricing: 2 calls not pooled (1 without usage, 1 unpriced)"), table);

        String csv = report("--out", out.toString(), "--by", "customer", "--cache", "blended", "--prices",
                prices.toString(), "--format", "csv");
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(
                ",usage_missing_calls,blended_cost_usd,actual_cost_usd,cache_savings_usd"), csv);
        assertTrue(csv.contains("\nacme,1,10000,500,0,8000,0,0.0435,"), csv);
        assertTrue(csv.lines().anyMatch(line -> line.startsWith("acme,") && line.endsWith(",0.0297,0.0435,-0.006")),
                csv);
    }

    /** Per feature, a feature whose prompts share no cache with another's is not charged for its writes. */
    @Test
    void byFeatureEachFeaturePoolsApart() throws Exception {
        Path prices = ledger();
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--by", "customer",
                "--cache", "blended-by-feature", "--prices", prices.toString(), "--format", "json"));
        assertEquals(List.of("provider", "model", "feature"), texts(json.path("cache_pricing").path("pooled_by")));
        assertEquals("chat", json.path("cache_pricing").path("pools").get(0).path("feature").asText());
        assertTrue(json.path("cache_pricing").path("method").asText().contains("each model and feature"));
    }

    /**
     * Three equal shares of a pool that does not divide by three: each is rounded down to 10 decimals and the unit
     * left over goes to one of them (the first by key, their fractions being equal), so the column adds up exactly.
     */
    @Test
    void theRoundingRemainderIsSharedOutSoTheColumnAddsUpExactly() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        // Input at $1/M, cache writes at $1.25/M: one token each, c's written: $0.00000325 for 3 tokens.
        Files.writeString(ledger.resolve("2026-11-24.jsonl"),
                row("a", "chat", "reported", 1, 0, 0, 0, "0.000001", REF)
                        + row("b", "chat", "reported", 1, 0, 0, 0, "0.000001", REF)
                        + row("c", "chat", "reported", 1, 0, 1, 0, "0.00000125", REF));
        Path prices = Files.writeString(out.resolve("prices.json"), PRICES.replace("\"input\": \"3\"", "\"input\": \"1\"")
                .replace("\"3.75\"", "\"1.25\""));
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--by", "customer",
                "--cache", "blended", "--prices", prices.toString(), "--format", "json"));
        assertEquals("0.0000010834", decimal(rowOf(json, "a"), "blended_cost_usd").toPlainString());
        assertEquals("0.0000010833", decimal(rowOf(json, "b"), "blended_cost_usd").toPlainString());
        assertEquals("0.0000010833", decimal(rowOf(json, "c"), "blended_cost_usd").toPlainString());
        BigDecimal sum = new BigDecimal(0);
        for (JsonNode row : json.path("rows")) {
            sum = sum.add(decimal(row, "blended_cost_usd"));
        }
        assertEquals(0, new BigDecimal("0.00000325").compareTo(sum));
        assertEquals(0, sum.compareTo(decimal(json.path("total"), "actual_cost_usd")));
        assertEquals(0, sum.compareTo(decimal(json.path("total"), "blended_cost_usd")));
    }

    @Test
    void anUnknownViewOrAPriceRefTheCatalogLacksIsAClearError() throws Exception {
        Path prices = ledger();
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--cache", "fair"))
                .getMessage().contains("unknown --cache 'fair' (blended, blended-by-feature)"));
        // Without the price file, the bundled catalog has no entry named like the ledger's.
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--cache", "blended"))
                .getMessage().contains("which the price catalog no longer has (pass the --prices file"));
        assertTrue(Files.exists(prices));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
