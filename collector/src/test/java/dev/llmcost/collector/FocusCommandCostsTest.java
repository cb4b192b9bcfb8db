package dev.llmcost.collector;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.write.FocusExport;
import dev.llmcost.collector.write.LedgerJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code focus --costs} end to end: the ledger's rows, then the shared costs' (the columns: FocusExportTest). */
class FocusCommandCostsTest {

    @TempDir
    Path out;

    @Test
    void theExportGainsTheAllocatedRowsAndSaysWhatItAdded() throws Exception {
        Pricer pricer = new Pricer(PriceCatalog.bundled());
        long millis = LocalDate.parse("2026-11-24").atTime(9, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
        StringBuilder ledger = new StringBuilder();
        for (String customer : List.of("acme", "globex")) {
            CallRecord call = new CallRecord("e-" + customer, "a", "api", millis, 10, "openai", "chat",
                    "gpt-4o-mini", null, false, 200, "host", UsageStatus.REPORTED, null,
                    dev.llmcost.agent.schema.TokenCounts.of(1000, 10), "search", customer, null, Map.of(), null, null);
            ledger.append(LedgerJson.line(pricer.price(call))).append('\n');
        }
        Files.createDirectories(out.resolve("ledger"));
        Files.writeString(out.resolve("ledger/2026-11-24.jsonl"), ledger);
        Path costs = out.resolve("costs.json");
        Files.writeString(costs, """
                {"shared_costs": [{"name": "vector-db", "amount_usd": "100.00", "period": "2026-11",
                  "to": "customer", "allocate_by": "tokens"}]}""");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, new FocusCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(List.of("--out", out.toString(), "--costs", costs.toString())));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("shared costs: 2 allocated rows, $100 (AllocatedMethodId llmcost-shared-*)"),
                printed);
        List<String> csv = Files.readAllLines(out.resolve("focus/focus.csv"));
        assertEquals(String.join(",", FocusExport.COLUMNS), csv.get(0));
        assertEquals(2, csv.stream().filter(line -> line.contains("llmcost-shared-tokens")).count(), csv.toString());
        assertTrue(csv.stream().anyMatch(line -> line.startsWith("50,") && line.contains("customer/acme")),
                csv.toString());
    }
}
