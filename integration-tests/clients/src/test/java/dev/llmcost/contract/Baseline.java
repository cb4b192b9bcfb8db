package dev.llmcost.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client showed the application, without the agent: kept by the first run of the contract, and compared
 * with what it shows under the agent — the same status, the same bytes (by hash), the same exception.
 */
final class Baseline {

    private static final Path DIRECTORY = Path.of(System.getProperty("llmcost.contract.baseline",
            "target/contract-baseline"));

    private Baseline() {
    }

    static boolean underAgent() {
        return "agent".equals(System.getProperty("llmcost.contract.mode"));
    }

    /** Keeps {@code outcome} (no agent), or asserts it is what the application saw without the agent. */
    static void check(String client, String scenario, String outcome) throws IOException {
        Path file = DIRECTORY.resolve(client).resolve(scenario + ".txt");
        if (!underAgent()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, outcome);
            return;
        }
        assertTrue(Files.exists(file), "no baseline for " + client + " " + scenario + " (the run without the agent)");
        assertEquals(Files.readString(file), outcome, client + " " + scenario
                + ": the application saw something else under the agent");
    }
}
