package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Delivers alerts to the webhook from an outbox on disk ({@code OUT/.llmcost/outbox/}, one file per alert), on its
 * own thread, so that a slow or unreachable receiver never slows collection. An alert is put in the outbox before
 * the checkpoint that commits it, and its file is removed once the receiver answers 2xx: delivery is at least once
 * (receivers dedupe by {@code alert_id}), across restarts. A failed POST is retried after 1 s, 2 s, 4 s … (at most
 * {@link #MAX_BACKOFF} apart) until {@link #GIVE_UP_AFTER} after the first attempt, then moved to
 * {@code outbox/failed/}. What happened is counted in {@code outbox/status.json}; header values are never printed.
 */
public final class WebhookOutbox implements AutoCloseable {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());

    private final BudgetRules.Webhook webhook;
    private final Path directory;
    private final Clock clock;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;

    public WebhookOutbox(BudgetRules.Webhook webhook, Path outputDirectory, Clock clock, PrintStream err) {
        this.webhook = webhook;
        this.directory = OutboxStatus.directoryOf(outputDirectory);
        this.clock = clock;
        this.err = err;
    }

    /** Puts alerts in the outbox (durably: before the checkpoint that commits them is saved). */
    public void put(List<Alert> alerts) throws IOException {
        if (alerts.isEmpty()) {
            return;
        }
        Files.createDirectories(directory);
        long now = clock.millis();
        for (Alert alert : alerts) {
            ObjectNode entry = JSON.createObjectNode();
            entry.set("alert", alert.toJson());
            entry.put("attempts", 0);
            entry.put("queued_ms", now);
            entry.put("next_attempt_ms", now);
            AtomicFiles.write(directory.resolve(alert.alertId() + ".json"), JSON.writeValueAsBytes(entry));
        }
        wake.offer(Boolean.TRUE);
    }

    /** Delivers in the background from now on (collect --follow). */
    public void start() {
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    long wait = deliverDue();
                    wake.poll(Math.max(50, Math.min(wait, 1_000)), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | IOException e) {
                    err.println("llmcost: warning: the webhook outbox could not be read (" + e + "); retrying");
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }, "llmcost-webhook");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Delivers what is pending for at most {@code time}, on the calling thread (the background one is stopped
     * first), leaving the rest for the next run: the end of {@code collect --once}, or of {@code --follow}.
     */
    public void deliverPending(Duration time) throws IOException, InterruptedException {
        stopBackground();
        long until = clock.millis() + time.toMillis();
        while (pending() > 0 && clock.millis() < until) {
            long wait = deliverDue();
            if (pending() > 0) {
                Thread.sleep(Math.max(10, Math.min(wait, until - clock.millis())));
            }
        }
    }

    /** Alerts not delivered yet. */
    public int pending() throws IOException {
        return entries().size();
    }

    /**
     * POSTs every alert whose next attempt is due; returns the milliseconds until the next one is (at most a
     * minute).
     */
    long deliverDue() throws IOException {
        long next = 60_000;
        for (Path file : entries()) {
            JsonNode entry;
            try {
                entry = JSON.readTree(file.toFile());
            } catch (IOException torn) {
                continue; // being replaced: read again on the next round
            }
            long now = clock.millis();
            long due = entry.path("next_attempt_ms").asLong();
            if (due > now) {
                next = Math.min(next, due - now);
                continue;
            }
            String failure = post(entry.path("alert"));
            OutboxStatus status = OutboxStatus.read(directory);
            if (failure == null) {
                Files.deleteIfExists(file);
                status.delivered++;
                status.write(directory);
                continue;
            }
            int attempts = entry.path("attempts").asInt() + 1;
            status.failedAttempts++;
            status.lastError = failure;
            status.lastErrorMs = now;
            long backoff = Math.min(MAX_BACKOFF.toMillis(), 1_000L << Math.min(attempts - 1, 20));
            if (now - entry.path("queued_ms").asLong() >= GIVE_UP_AFTER.toMillis()) {
                Path failed = directory.resolve("failed");
                Files.createDirectories(failed);
                Files.move(file, failed.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                status.givenUp++;
                err.println("llmcost: error: alert " + entry.path("alert").path("alert_id").asText()
                        + " could not be delivered to " + webhook.printable() + " within " + GIVE_UP_AFTER.toHours()
                        + " h (" + failure + "); kept in " + failed);
            } else {
                ObjectNode updated = (ObjectNode) entry;
                updated.put("attempts", attempts);
                updated.put("next_attempt_ms", now + backoff);
                updated.put("last_error", failure);
                AtomicFiles.write(file, JSON.writeValueAsBytes(updated));
                err.println("llmcost: warning: webhook " + webhook.printable() + " failed (" + failure
                        + "); attempt " + attempts + ", next in " + backoff / 1000 + " s");
                next = Math.min(next, backoff);
            }
            status.write(directory);
        }
        return next;
    }

    /** {@code null} when the receiver took it (2xx), else what went wrong, without header values. */
    private String post(JsonNode alert) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url()).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(alert)));
            webhook.headers().forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".json") && !name.equals(OutboxStatus.FILE);
            }).sorted().toList();
        }
    }

    private void stopBackground() throws InterruptedException {
        closed = true;
        if (thread != null) {
            wake.offer(Boolean.TRUE);
            thread.join(TIMEOUT.toMillis() + 1_000);
            thread = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopBackground();
    }
}
