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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ship refuses before it connects anywhere (the shipping itself is tested against a real broker). */
class ShipCommandTest {

    private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8);

    private static String refusal(List<String> args) {
        return assertThrows(CollectorException.class, () -> new ShipCommand(NOWHERE, NOWHERE).run(args))
                .getMessage();
    }

    @Test
    void needsOnceOrFollowAndTheBrokers(@TempDir Path dir) {
        String queue = dir.toString();
        assertTrue(refusal(List.of("--queue", queue, "--kafka", "localhost:9092")).contains("--once"));
        assertTrue(refusal(List.of("--queue", queue, "--kafka", "localhost:9092", "--once", "--follow"))
                .contains("--follow"));
        assertTrue(refusal(List.of("--queue", queue, "--once")).contains("--kafka"));
        assertTrue(refusal(List.of("--queue", queue, "--kafka", "h:1", "--once", "--topic", "no spaces"))
                .contains("--topic"));
        assertTrue(refusal(List.of("--queue", queue, "--kafka", "h:1", "--once", "--partitions", "0"))
                .contains("--partitions"));
    }

    @Test
    void refusesAConfigFileThatSetsWhatExactlyOnceRestsOn(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "sasl.jaas.config=secret-password-123\ntransactional.id=mine\n");
        String message = refusal(List.of("--queue", dir.toString(), "--kafka", "localhost:9092", "--once",
                "--kafka-config", config.toString()));
        assertTrue(message.contains("transactional.id"), message);
        assertFalse(message.contains("secret-password-123"), "never print the file's contents: " + message);
        assertFalse(Files.exists(dir.resolve("llmcost-shipper.id")), "refused before touching the queue");
    }

    @Test
    void aMissingQueueIsNothingToShip(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new ShipCommand(new PrintStream(out, true, StandardCharsets.UTF_8), NOWHERE)
                .run(List.of("--queue", dir.resolve("q").toString(), "--kafka", "localhost:1", "--once"));
        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no queue at"), out.toString(StandardCharsets.UTF_8));
    }
}
