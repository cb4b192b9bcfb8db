package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The webhook's counts, kept across runs in {@code outbox/status.json}: shown by {@code budgets status}. */
public final class OutboxStatus {

    static final String FILE = "status.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public long delivered;
    public long failedAttempts;
    public long givenUp;
    public String lastError;
    public long lastErrorMs;

    public static OutboxStatus read(Path directory) throws IOException {
        OutboxStatus status = new OutboxStatus();
        Path file = directory.resolve(FILE);
        if (Files.exists(file)) {
            JsonNode json = JSON.readTree(file.toFile());
            status.delivered = json.path("delivered").asLong();
            status.failedAttempts = json.path("failed_attempts").asLong();
            status.givenUp = json.path("given_up").asLong();
            status.lastError = json.path("last_error").asText(null);
            status.lastErrorMs = json.path("last_error_ms").asLong();
        }
        return status;
    }

    /** One line for people: {@code webhook: 3 delivered, [1 pending, ]2 failed attempts, 0 given up (last error: …)}. */
    public String describe(Integer pending) {
        return "webhook: " + delivered + " delivered, " + (pending == null ? "" : pending + " pending, ")
                + failedAttempts + " failed attempts, " + givenUp + " given up"
                + (lastError == null ? "" : " (last error: " + lastError + ")");
    }

    /**
     * The counts of several outboxes (each shard's collector delivers its own alerts) added up, with the latest
     * error of any.
     */
    public static OutboxStatus sum(java.util.List<OutboxStatus> statuses) {
        OutboxStatus sum = new OutboxStatus();
        for (OutboxStatus status : statuses) {
            sum.delivered += status.delivered;
            sum.failedAttempts += status.failedAttempts;
            sum.givenUp += status.givenUp;
            if (status.lastError != null && (sum.lastError == null || status.lastErrorMs > sum.lastErrorMs)) {
                sum.lastError = status.lastError;
                sum.lastErrorMs = status.lastErrorMs;
            }
        }
        return sum;
    }

    /** The outbox of an output directory. */
    public static Path directoryOf(Path outputDirectory) {
        return outputDirectory.resolve(".llmcost").resolve("outbox");
    }

    void write(Path directory) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("delivered", delivered);
        json.put("failed_attempts", failedAttempts);
        json.put("given_up", givenUp);
        json.put("last_error", lastError);
        json.put("last_error_ms", lastErrorMs);
        AtomicFiles.write(directory.resolve(FILE), JSON.writeValueAsBytes(json));
    }
}
