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
}
