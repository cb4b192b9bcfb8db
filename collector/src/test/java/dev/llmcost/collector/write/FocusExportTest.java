package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.allocate.Allocator;
import dev.llmcost.collector.allocate.SharedCostsFile;
import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.price.Pricer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FOCUS export of a ledger priced by the real catalog: every mandatory FOCUS 1.2 column on every row,
 * ListCost = ListUnitPrice × PricingQuantity on every row, and the whole adding up to the ledger exactly.
 */
class FocusExportTest {

    /** FOCUS 1.2 mandatory columns (cost and usage dataset). */
    private static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Pricer pricer = new Pricer(PriceCatalog.bundled());

    private JsonNode ledgerRow(String day, String provider, String model, long input, long output, long cacheRead,
                               long cacheWrite, long cacheWrite1h, String feature) throws Exception {
        long millis = LocalDate.parse(day).atTime(9, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
        CallRecord call = new CallRecord("e-" + input, "a", "api", millis, 10, provider, "chat", model, null, false,
                200, "host", UsageStatus.REPORTED, null, TokenCounts.of(input, output)
                        .with(TokenKind.CACHE_READ, cacheRead).with(TokenKind.CACHE_WRITE, cacheWrite)
                        .with(TokenKind.CACHE_WRITE_1H, cacheWrite1h), feature, "acme", null, Map.of(), null, null);
        return JSON.readTree(LedgerJson.line(pricer.price(call)));
    }

    @Test
    void everyMandatoryColumnListCostRuleAndTheLedgerTotal() throws Exception {
        List<JsonNode> ledger = List.of(
                ledgerRow("2026-11-23", "openai", "gpt-4o-mini", 1149, 353, 1024, 0, 0, "search"),
                ledgerRow("2026-11-24", "openai", "gpt-4o-mini", 1149, 353, 1024, 0, 0, "search"),
                ledgerRow("2026-11-24", "anthropic", "claude-sonnet-4-5", 1532, 33, 1111, 418, 100, "chat"),
                ledgerRow("2026-11-24", "gcp.gemini", "gemini-2.5-pro", 250_000, 1000, 0, 0, 0, "chat"),
                ledgerRow("2026-11-24", "aws.bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 1951, 121,
                        1712, 236, 0, null),
                ledgerRow("2026-11-24", "openai", "gpt-9", 10, 10, 0, 0, 0, "chat"));
        FocusExport export = new FocusExport(PriceCatalog.bundled(), "acme-ai");
        BigDecimal ledgerTotal = BigDecimal.ZERO;
        for (JsonNode row : ledger) {
            export.add(row);
            if (!row.get("cost_usd").isNull()) {
                ledgerTotal = ledgerTotal.add(row.get("cost_usd").decimalValue());
            }
        }
        List<Map<String, String>> rows = parse(export.csv());
        assertTrue(FocusExport.COLUMNS.containsAll(MANDATORY));
        BigDecimal listTotal = BigDecimal.ZERO;
        for (Map<String, String> row : rows) {
            for (String column : MANDATORY) {
                assertTrue(row.containsKey(column), column);
                if (!column.equals("ChargeClass")) {
                    assertFalse(row.get(column).isEmpty(), column + " empty in " + row);
                }
            }
            BigDecimal listCost = new BigDecimal(row.get("ListCost"));
            assertEquals(0, listCost.compareTo(new BigDecimal(row.get("ListUnitPrice"))
                    .multiply(new BigDecimal(row.get("PricingQuantity")))), row.toString());
            assertEquals(0, new BigDecimal(row.get("ConsumedQuantity")).movePointLeft(6)
                    .compareTo(new BigDecimal(row.get("PricingQuantity"))), row.toString());
            assertEquals("AI and Machine Learning", row.get("ServiceCategory"));
            assertTrue(row.get("ChargePeriodStart").matches("\\d{4}-\\d\\d-\\d\\dT00:00:00Z"));
            assertTrue(row.keySet().stream().filter(c -> !c.matches("[A-Z][A-Za-z]+"))
                    .allMatch(c -> c.startsWith("x_")), "custom columns start with x_");
            listTotal = listTotal.add(listCost);
        }
        assertEquals(0, listTotal.compareTo(ledgerTotal), listTotal + " vs ledger " + ledgerTotal);
        assertEquals(1, export.unpricedCalls(), "gpt-9 has no price: left out, counted");

        // Tokens, not requests: the Anthropic call splits into its kinds at their own prices.
        Map<String, String> oneHourWrites = rows.stream().filter(r -> r.get("x_TokenType").equals("cache_write_1h"))
                .findFirst().orElseThrow();
        assertEquals("100", oneHourWrites.get("ConsumedQuantity"));
        assertEquals("6", oneHourWrites.get("ListUnitPrice"));
        assertEquals("{\"feature\":\"chat\",\"customer\":\"acme\"}", oneHourWrites.get("Tags"));
        // The whole Gemini request above 200k input tokens takes the higher tier.
        Map<String, String> gemini = rows.stream().filter(r -> r.get("x_Model").equals("gemini-2.5-pro")
                && r.get("x_TokenType").equals("input")).findFirst().orElseThrow();
        assertEquals("2.5", gemini.get("ListUnitPrice"));
        // Bedrock: AWS issues the invoice, Anthropic published the model.
        Map<String, String> bedrock = rows.stream().filter(r -> r.get("ProviderName").equals("Amazon Web Services"))
                .findFirst().orElseThrow();
        assertEquals("Anthropic", bedrock.get("PublisherName"));
        assertEquals("Amazon Bedrock", bedrock.get("ServiceName"));
        // The same model and token type on two days: two charge periods.
        assertEquals(2, rows.stream().filter(r -> r.get("x_Model").equals("gpt-4o-mini")
                && r.get("x_TokenType").equals("output")).count());
    }

    @Test
    void theEnvironmentIsATagNextToTheAttribution() throws Exception {
        long millis = LocalDate.parse("2026-11-24").atTime(9, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
        CallRecord call = new CallRecord("e-env", "a", "api", millis, 10, "openai", "chat", "gpt-4o-mini", null,
                false, 200, "host", UsageStatus.REPORTED, null, TokenCounts.of(1000, 10), "search", null, null,
                Map.of(), null, "production");
        FocusExport export = new FocusExport(PriceCatalog.bundled(), "acme-ai");
        export.add(JSON.readTree(LedgerJson.line(pricer.price(call))));
        Map<String, String> row = parse(export.csv()).get(0);
        assertEquals("{\"feature\":\"search\",\"environment\":\"production\"}", row.get("Tags"));
        assertEquals(row.get("Tags"), row.get("AllocatedTags"));
    }

    /** {@code --costs}: a row per shared cost and value, FOCUS 1.3's allocation columns filled; ledger rows kept. */
    @Test
    void sharedCostsAreAllocatedRowsWithTheAllocationColumns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("costs.json");
        Files.writeString(file, """
                {"shared_costs": [
                  {"name": "vector-db", "amount_usd": "900.00", "period": "2026-11", "to": "feature",
                   "allocate_by": "calls", "scope": {"feature": "*"}},
                  {"name": "old-db", "amount_usd": "50", "period": "2026-10", "to": "feature", "allocate_by": "calls"}
                ]}""");
        Allocator allocator = new Allocator(SharedCostsFile.read(file));
        FocusExport export = new FocusExport(PriceCatalog.bundled(), "acme-ai");
        for (JsonNode row : List.of(ledgerRow("2026-11-23", "openai", "gpt-4o-mini", 1000, 10, 0, 0, 0, "search"),
                ledgerRow("2026-11-24", "openai", "gpt-4o-mini", 2000, 10, 0, 0, 0, "search"),
                ledgerRow("2026-11-24", "openai", "gpt-4o", 1000, 10, 0, 0, 0, "chat"),
                ledgerRow("2026-11-24", "openai", "gpt-4o", 3000, 10, 0, 0, 0, null))) {
            export.add(row);
            allocator.add(row);
        }
        int ledgerRows = export.rowCount();
        export.addSharedCosts(allocator.allocations());
        List<Map<String, String>> rows = parse(export.csv());
        assertEquals(ledgerRows + 3, rows.size());
        for (Map<String, String> ledgerRow : rows.subList(0, ledgerRows)) {
            assertEquals("llmcost-attribution", ledgerRow.get("AllocatedMethodId"));
            assertEquals("", ledgerRow.get("AllocatedResourceId"));
            assertEquals(ledgerRow.get("Tags"), ledgerRow.get("AllocatedTags"));
        }
        List<Map<String, String>> shared = rows.subList(ledgerRows, rows.size());
        BigDecimal sharedTotal = BigDecimal.ZERO;
        for (Map<String, String> row : shared) {
            assertTrue(row.get("AllocatedMethodId").equals("llmcost-shared-calls"), row.toString());
            for (String column : MANDATORY) {
                assertFalse(row.get(column).isEmpty() && !column.equals("ChargeClass"), column + " empty in " + row);
            }
            BigDecimal listCost = new BigDecimal(row.get("ListCost"));
            assertEquals(0, listCost.compareTo(new BigDecimal(row.get("ListUnitPrice"))
                    .multiply(new BigDecimal(row.get("PricingQuantity")))), row.toString());
            assertEquals(row.get("ListCost"), row.get("BilledCost"));
            sharedTotal = sharedTotal.add(listCost);
        }
        assertEquals(0, sharedTotal.compareTo(new BigDecimal("950")));
        assertEquals(0, export.sharedCost().compareTo(new BigDecimal("950")));

        // Values in order: chat (1 call) then search (2 calls); the call without a feature is out of scope ("*").
        Map<String, String> search = shared.get(1);
        assertEquals("600", search.get("BilledCost"));
        assertEquals("feature/search", search.get("AllocatedResourceId"));
        assertEquals("search", search.get("AllocatedResourceName"));
        assertEquals("{\"feature\":\"search\"}", search.get("AllocatedTags"));
        assertEquals("{}", search.get("Tags"));
        assertEquals("2026-11-01T00:00:00Z", search.get("ChargePeriodStart"));
        assertEquals("2026-12-01T00:00:00Z", search.get("ChargePeriodEnd"));
        assertEquals("2", search.get("ConsumedQuantity"));
        assertEquals("Calls", search.get("ConsumedUnit"));
        JsonNode details = JSON.readTree(search.get("AllocatedMethodDetails"));
        assertEquals("0.6666666667", details.path("Elements").get(0).path("AllocatedRatio").decimalValue()
                .toPlainString());
        assertEquals("Calls", details.path("Elements").get(0).path("UsageUnit").asText());
        assertEquals(2, details.path("Elements").get(0).path("UsageQuantity").asInt());
        assertEquals("vector-db", details.path("x_SharedCost").asText());
        assertEquals("*", details.path("x_Scope").path("feature").asText());
        assertEquals("300", shared.get(0).get("BilledCost"));

        // Unallocated (October has no calls): the method and the whole amount, no allocated resource or tags.
        Map<String, String> unallocated = shared.get(2);
        assertEquals("50", unallocated.get("BilledCost"));
        assertEquals("", unallocated.get("AllocatedResourceId"));
        assertEquals("", unallocated.get("AllocatedTags"));
        JsonNode why = JSON.readTree(unallocated.get("AllocatedMethodDetails"));
        assertEquals(1, why.path("Elements").get(0).path("AllocatedRatio").asInt());
        assertEquals("no calls in scope in 2026-10", why.path("x_Unallocated").asText());
    }

    /** A CSV of plain cells and double-quoted ones (the Tags JSON). */
    private static List<Map<String, String>> parse(String csv) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells);
                cells = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < line.size(); i++) {
                row.put(lines.get(0).get(i), line.get(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
