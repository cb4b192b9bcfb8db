package dev.llmcost.collector;

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

class PricesCommandTest {

    @TempDir
    Path dir;

    @Test
    void aValidFileIsSaidToBeValid() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), """
                {"prices": [{"provider": "vllm", "model": "*", "valid_from": "2026-01-01",
                  "usd_per_million_tokens": {"input": "0.01", "output": "0.02"}, "source": "our GPU cost"}]}
                """);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, new PricesCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(List.of("check", file.toString())));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("valid, 1 price entry"));
    }

    @Test
    void everyProblemIsNamedByLineAndField() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), """
                {"prices": [
                  {"provider": "openai", "model": "gpt-4o", "valid_from": "2026-01-01",
                   "usd_per_million_tokens": {"input": "ten", "output": "10"}, "source": "x"},
                  {"provider": "openai", "model": "gpt-4o-mini", "valid_from": "someday",
                   "usd_per_million_tokens": {"input": "1", "output": "2"}}]}
                """);
        CollectorException refused = assertThrows(CollectorException.class, () ->
                new PricesCommand(System.out).run(List.of("check", file.toString())));
        String message = refused.getMessage();
        assertTrue(message.contains("line 2 (openai/gpt-4o): usd_per_million_tokens.input is not a decimal number"),
                message);
        assertTrue(message.contains("line 4 (openai/gpt-4o-mini): valid_from is not a date"), message);
        assertTrue(message.contains("line 4 (openai/gpt-4o-mini): source is missing"), message);
    }

    @Test
    void aLiteLlmPriceMapBecomesAValidDatedPriceFile() throws Exception {
        Path liteLlm = Files.writeString(dir.resolve("model_prices_and_context_window.json"), """
                {"sample_spec": {"max_tokens": "set to max"},
                 "gpt-test-1": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                   "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06},
                 "anthropic/claude-test-2": {"litellm_provider": "anthropic", "mode": "chat",
                   "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
                   "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06,
                   "cache_read_input_token_cost": 3e-07, "input_cost_per_token_above_200k_tokens": 6e-06,
                   "output_cost_per_token_above_200k_tokens": 2.25e-05},
                 "azure/eu/gpt-test-1": {"litellm_provider": "azure", "mode": "chat", "input_cost_per_token": 2.75e-06,
                   "output_cost_per_token": 1.1e-05},
                 "dall-e-test": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_pixel": 1e-08}}
                """);
        Path imported = dir.resolve("imported.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, new PricesCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(
                "import-litellm", liteLlm.toString(), "--to", imported.toString(), "--valid-from", "2026-11-24")));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("2 prices imported"), bytes.toString());
        dev.llmcost.collector.price.PriceCatalog catalog = PricesCommand.catalogWith(imported.toString());
        dev.llmcost.collector.price.PriceEntry claude = catalog.find("anthropic", "claude-test-2",
                java.time.LocalDate.parse("2026-11-24")).orElseThrow();
        assertEquals("3", claude.prices().input().stripTrailingZeros().toPlainString());
        assertEquals("6", claude.prices().cacheWrite1h().stripTrailingZeros().toPlainString());
        assertEquals("22.5", claude.pricesFor(250_000).output().stripTrailingZeros().toPlainString());
        assertTrue(catalog.find("anthropic", "claude-test-2", java.time.LocalDate.parse("2026-11-23")).isEmpty(),
                "history before the import keeps its own prices");
    }
}
