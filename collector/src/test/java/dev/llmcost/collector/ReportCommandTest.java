package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code report} over a ledger written by hand: the figures each format prints, and its errors. */
class ReportCommandTest {

    @TempDir
    Path out;

    private static String row(String timestamp, String feature, String customer, String model, long input,
                              long output, String cost) {
        return "{\"event_id\":\"e\",\"timestamp\":\"" + timestamp + "\",\"provider\":\"openai\",\"operation\":\"chat\","
                + "\"request_model\":\"" + model + "\",\"response_model\":null,\"usage_status\":\"reported\","
                + "\"input_tokens\":" + input + ",\"output_tokens\":" + output + ",\"cache_read_tokens\":0,"
                + "\"cache_write_tokens\":0,\"reasoning_tokens\":0,\"cost_usd\":" + cost + ",\"feature\":"
                + (feature == null ? "null" : "\"" + feature + "\"") + ",\"customer\":"
                + (customer == null ? "null" : "\"" + customer + "\"") + ",\"team\":null,"
                + "\"attributes\":{\"conversation\":\"c-" + input + "\"},\"service\":\"api\"}\n";
    }

    private void ledger() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        Files.writeString(ledger.resolve("2026-11-22.jsonl"), row("2026-11-22T10:00:00.000Z", "search", "acme",
                "gpt-4o-mini", 1000, 100, "0.20"));
        Files.writeString(ledger.resolve("2026-11-23.jsonl"), row("2026-11-23T10:00:00.000Z", "search", "acme",
                "gpt-4o-mini", 1000, 100, "0.10")
                + row("2026-11-23T11:00:00.000Z", "chat", "globex", "gpt-4o", 2000, 0, "0.50"));
        Files.writeString(ledger.resolve("2026-11-24.jsonl"), row("2026-11-24T10:00:00.000Z", "search", "acme",
                "gpt-4o-mini", 1000, 100, "0.30")
                + row("2026-11-24T11:00:00.000Z", null, null, "gpt-9", 10, 10, "null"));
    }

    private String report(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new ReportCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(args));
        assertEquals(0, exit);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTableByFeatureSortedByCostWithSharesUnitCostsAndWhatIsNotCovered() throws Exception {
        ledger();
        String table = report("--out", out.toString(), "--by", "feature");
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).contains("2026-11-22 to 2026-11-24 by feature: 5 calls, $1.10"), table);
        // Money as people write it, the rate per million tokens as price lists quote it (the files keep the exact
        // per-1k figure). search: 0.60 of 1.10 = 54.5%, 3 priced calls, 3300 tokens (0.60 / 3300 * 1M = $181.82);
        // yesterday 0.10, today 0.30: +200%.
        assertTrue(lines.get(1).contains("USD_PER_1M_TOKENS"), table);
        assertTrue(lines.get(2).matches("\\s+search\\s+3\\s+3000\\s+300\\s+\\$0\\.60\\s+54\\.5%\\s+\\$0\\.20\\s+"
                + "\\$181\\.82\\s+\\+200\\.0%"), table);
        assertTrue(lines.get(3).matches("\\s+chat\\s+1\\s+2000\\s+0\\s+\\$0\\.50\\s+45\\.5%\\s+\\$0\\.50\\s+\\$250\\.00\\s+"
                + "-100\\.0%"), table);
        // The unpriced call is counted, never priced at 0: its row says 1 call not priced.
        assertTrue(lines.get(4).matches("\\s+-\\s+1\\s+10\\s+10\\s+unpriced\\s+0\\.0%\\s+1"), table);
        assertTrue(table.contains("unattributed (no feature, customer or team): 0.0% of cost, 1 calls"), table);
        assertTrue(table.contains("unpriced: 1 call to openai:gpt-9"), table);
    }

    @Test
    void csvAndJsonCarryTheSameFiguresAndAnyDimensionIncludingAttributes() throws Exception {
        ledger();
        String csv = report("--out", out.toString(), "--by", "day,customer", "--format", "csv",
                "--since", "2026-11-23");
        assertEquals("day,customer,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
                + "reasoning_tokens,cost_usd,share_pct,usd_per_call,usd_per_1k_tokens,day_over_day_pct,"
                + "unpriced_calls,usage_missing_calls", csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("2026-11-23,globex,1,2000,0,0,0,0,0.5,55.6,0.5,0.25,-100.0,0,0"), csv);
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--by",
                "attributes.conversation", "--format", "json", "--until", "2026-11-23"));
        assertEquals("c-2000", json.path("rows").get(0).path("attributes.conversation").asText());
        assertEquals("0.8", json.path("total").path("cost_usd").decimalValue().toPlainString());
        assertEquals(0, json.path("dropped_calls").asLong());
    }

    /** The HTML table is read by people too; the files beside it keep the exact figures. */
    @Test
    void theHtmlTableShowsMoneyAsPeopleWriteItAndTheFilesKeepExactDecimals() throws Exception {
        ledger();
        String html = report("--out", out.toString(), "--format", "html");
        assertTrue(html.contains("<th class=num>USD per 1M tokens</th>"), html);
        assertTrue(html.contains("<td class=num>$0.60</td><td class=num>54.5%</td><td class=num>$0.20</td>"
                + "<td class=num>$181.82</td>"), html);
        assertTrue(html.contains("5 calls, $1.10 by feature"), html);
        assertTrue(!html.contains("0.1818181818"), "no ten-decimal figures for people");
        String csv = report("--out", out.toString(), "--format", "csv");
        assertTrue(csv.contains("search,3,3000,300,0,0,0,0.6,54.5,0.2,0.1818181818,"), csv);
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--format", "json"));
        assertEquals("0.1818181818", json.path("rows").get(0).path("usd_per_1k_tokens").decimalValue().toPlainString());
    }

    /** JSON numbers are plain decimals, as in the ledger, however small. */
    @Test
    void jsonNeverWritesAnAmountInExponentForm() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        Files.writeString(ledger.resolve("2026-11-24.jsonl"), row("2026-11-24T10:00:00.000Z", "search", "acme",
                "gpt-4o-mini", 1, 0, "0.00000001"));
        String json = report("--out", out.toString(), "--format", "json");
        assertTrue(json.contains("\"cost_usd\" : 0.00000001,"), json);
        assertTrue(!json.contains("E-"), json);
    }

    @Test
    void badOptionsAreClearErrors() throws Exception {
        ledger();
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--by", "colour"))
                .getMessage().contains("unknown dimension 'colour'"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--since", "monday"))
                .getMessage().contains("--since is not a day"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.resolve("nothing").toString()))
                .getMessage().contains("no ledger under"));
    }

    @Test
    void unitEconomicsCostPerConversationWithItsDistributionPerFeature() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        StringBuilder rows = new StringBuilder();
        // search: conversations costing 0.10, 0.20, 0.30 ... 1.00 (c-1 has two calls: 0.04 + 0.06).
        rows.append(row("2026-11-24T09:00:00.000Z", "search", "acme", "gpt-4o-mini", 1, 1, "0.04"));
        rows.append(row("2026-11-24T09:01:00.000Z", "search", "acme", "gpt-4o-mini", 1, 1, "0.06"));
        for (int i = 2; i <= 10; i++) {
            rows.append(row("2026-11-24T10:00:00.000Z", "search", "acme", "gpt-4o-mini", i, 1, "0." + i)
                    .replace("0." + 10, "1.0"));
        }
        rows.append(row("2026-11-24T11:00:00.000Z", "chat", "acme", "gpt-4o", 500, 1, "0.50"));
        Files.writeString(ledger.resolve("2026-11-24.jsonl"), rows);
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--by", "feature", "--per",
                "conversation", "--format", "json"));
        JsonNode search = json.path("rows").get(0);
        assertEquals("search", search.path("feature").asText());
        JsonNode perConversation = search.path("per_conversation");
        assertEquals(10, perConversation.path("outcomes").asInt());
        assertEquals("0.5", perConversation.path("usd_p50").decimalValue().toPlainString());
        assertEquals("0.9", perConversation.path("usd_p90").decimalValue().toPlainString());
        assertEquals("1", perConversation.path("usd_max").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("0.55", perConversation.path("usd_mean").decimalValue().stripTrailingZeros().toPlainString());
        String table = report("--out", out.toString(), "--per", "conversation");
        assertTrue(table.contains("CONVERSATIONS  USD_PER_CONVERSATION_P50"), table);
    }

    @Test
    void rollupFilesForAnyDimensionsDailyAndHourly() throws Exception {
        ledger();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, new RollupsCommand(print).run(List.of("--out", out.toString(), "--by", "feature,customer")));
        assertEquals(0, new RollupsCommand(print).run(List.of("--out", out.toString(), "--by", "model", "--hourly")));
        List<String> daily = Files.readAllLines(out.resolve("rollups/by-feature-customer-daily.csv"));
        assertEquals("day,feature,customer,calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,"
                + "reasoning_tokens,cost_usd,usd_per_call,usd_per_1k_tokens,unpriced_calls,usage_missing_calls",
                daily.get(0));
        assertEquals("2026-11-22,search,acme,1,1000,100,0,0,0,0.2,0.2,0.1818181818,0,0", daily.get(1));
        assertEquals(1 + 5, daily.size(), "a header, then one row per day and group, in time order");
        List<String> hourly = Files.readAllLines(out.resolve("rollups/by-model-hourly.csv"));
        assertTrue(hourly.get(1).startsWith("2026-11-22T10:00Z,gpt-4o-mini,1,"), hourly.toString());
    }

    /** Calls over the threshold are listed in every format; the unattributed group, all unpriced, has no cost. */
    @Test
    void callsOverTheThresholdAreListedAndAnUnpricedGroupHasNoCost() throws Exception {
        ledger();
        String table = report("--out", out.toString(), "--warn-call-usd", "0.25");
        assertTrue(table.contains("warning: 2 calls cost more than $0.25 each (check them; --warn-call-usd sets the "
                + "threshold):\n  2026-11-23 e openai:gpt-4o $0.50 feature chat customer globex\n"
                + "  2026-11-24 e openai:gpt-4o-mini $0.30 feature search customer acme"), table);
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--format", "json"));
        assertEquals(0, json.path("expensive_calls").path("count").asInt(), "none over the default $100");
        assertEquals("100", json.path("expensive_calls").path("threshold_usd").asText());
        assertTrue(json.path("unattributed").path("cost_usd").isNull(), json.path("unattributed").toString());
    }
}
