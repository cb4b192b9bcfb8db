package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.llmcost.it.Ledger.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the integration tests expect of an app's output and of ledger rows. */
final class Expect {

    private Expect() {
    }

    /** A scenario printed the hash of the bytes it read: they must be the bytes the server sent. */
    static void body(Processes.Result app, String scenario, byte[] expected) {
        String line = app.result(scenario);
        assertTrue(line.contains("sha256=" + sha256(expected)), scenario + " read other bytes than were sent: "
                + line + " (expected " + expected.length + " bytes)");
    }

    static void row(JsonNode row, String customer, String team, boolean streaming, String model,
                                  long input, long output, long cacheRead, long reasoning, String cost) {
        String where = row.toString();
        assertEquals(customer, text(row, "customer"), where);
        assertEquals(team, text(row, "team"), where);
        assertEquals(streaming, row.get("streaming").asBoolean(), where);
        assertEquals(model, text(row, "response_model"), where);
        assertEquals(200, row.get("http_status").asInt(), where);
        assertEquals("reported", text(row, "usage_status"), where);
        assertEquals(input, row.get("input_tokens").asLong(), where);
        assertEquals(output, row.get("output_tokens").asLong(), where);
        assertEquals(cacheRead, row.get("cache_read_tokens").asLong(), where);
        assertEquals(0, row.get("cache_write_tokens").asLong(), where);
        assertEquals(reasoning, row.get("reasoning_tokens").asLong(), where);
        assertEquals(cost, Ledger.decimal(row, "cost_usd"), where);
        assertTrue(row.get("cost_usd").isNumber(), where);
        assertTrue(text(row, "price_ref").startsWith("openai/"), where);
        assertTrue(row.get("duration_ms").asLong() >= 0, where);
        assertEquals(36, text(row, "event_id").length(), where);
    }

    /** No prompt, completion, API key or auth header in the queue or in any output file. */
    static void noContentOrSecrets(Path... directories) throws IOException {
        for (Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String secret : List.of("sk-sample-secret-key", "Bearer", "Say this is a test",
                            "This is a test", "South")) {
                        assertFalse(content.contains(secret), "'" + secret + "' found in " + file);
                    }
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
