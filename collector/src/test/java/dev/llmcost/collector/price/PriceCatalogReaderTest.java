package dev.llmcost.collector.price;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceCatalogReaderTest {

    private static List<String> problems(String json) {
        PriceFileException e = assertThrows(PriceFileException.class, () -> PriceCatalogReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "prices.json", null));
        return e.problems();
    }

    @Test
    void everyProblemNamesItsLineAndField() {
        List<String> problems = problems("""
                {"prices": [
                  {"provider": "openai", "model": "a", "valid_from": "2025-01-01",
                   "usd_per_million_tokens": {"input": "ten", "output": "1"}, "source": "s"},
                  {"provider": "openai", "model": "b", "valid_from": "2025-13-01",
                   "usd_per_million_tokens": {"input": "1", "output": "-2"}, "source": "s", "extra": 1},
                  {"model": "c", "valid_from": "2025-01-01", "usd_per_million_tokens": {"input": "1"}}
                ]}
                """);
        assertTrue(problems.contains("line 2 (openai/a): usd_per_million_tokens.input is not a decimal number: \"ten\""),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 4 (openai/b): valid_from is not a date")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 4 (openai/b): usd_per_million_tokens.output is negative")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 4 (openai/b): unknown field \"extra\"")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 6: provider is missing")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 6: usd_per_million_tokens.output is missing")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 6: source is missing")));
    }

    @Test
    void overlappingPricesForOneModelAreRefused() {
        List<String> problems = problems("""
                {"prices": [
                  {"provider": "openai", "model": "m", "valid_from": "2025-01-01", "valid_until": "2025-06-01",
                   "usd_per_million_tokens": {"input": "1", "output": "1"}, "source": "s"},
                  {"provider": "openai", "model": "m2", "aliases": ["m"], "valid_from": "2025-05-01",
                   "usd_per_million_tokens": {"input": "1", "output": "1"}, "source": "s"}
                ]}
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("overlaps the entry at line 2"));
    }

    @Test
    void brokenJsonSaysWhere() {
        List<String> problems = problems("{\"prices\": [\n  {\"provider\": \"openai\",,}\n]}");
        assertTrue(problems.get(0).startsWith("line 2, column"), problems.toString());
    }

    @Test
    void theBundledCatalogIsValidAndEveryEntryNamesItsSource() {
        PriceCatalog bundled = PriceCatalog.bundled();
        assertFalse(bundled.entries().isEmpty());
        bundled.entries().forEach(entry -> assertTrue(entry.source().startsWith("https://"), entry.ref()));
    }
}
