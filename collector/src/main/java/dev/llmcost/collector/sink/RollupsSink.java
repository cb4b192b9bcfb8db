package dev.llmcost.collector.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.write.Money;
import dev.llmcost.collector.write.RollupCsv;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static dev.llmcost.collector.read.JsonFields.text;

/**
 * The daily rollups of billed calls (one row per day × provider × model × feature × customer × team ×
 * environment). Kept in a {@link StateLog} under {@code .llmcost/rollups/}: a commit appends the rows its batch
 * changed, so its cost follows the batch, not the number of rows (ten thousand customers over a month are
 * hundreds of thousands of rows). {@code rollups/daily.csv} is derived from them: rewritten at most every
 * {@link #CSV_INTERVAL_MILLIS} while collecting, and when the collector stops.
 */
public final class RollupsSink implements Sink {

    static final long CSV_INTERVAL_MILLIS = 10_000;
    static final long FLUSH_INTERVAL_MILLIS = 5_000;
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path csv;
    private final StateLog state;
    private DailyRollups rollups = new DailyRollups();
    private final Set<RollupKey> changed = new HashSet<>();
    /** Every row must be written again (a reprice replaced some, or the state came from a version 1 checkpoint). */
    private boolean rewriteAll;
    private long csvWrittenAt;
    private boolean csvStale = true;

    public RollupsSink(Path outputDirectory) {
        this.csv = outputDirectory.resolve("rollups").resolve("daily.csv");
        this.state = new StateLog(outputDirectory.resolve(".llmcost").resolve("rollups"));
    }

    public DailyRollups rollups() {
        return rollups;
    }

    /** Replaces the rows from {@code from} on with {@code repriced} (a reprice). */
    public void replaceFrom(LocalDate from, DailyRollups repriced) {
        rollups.rows().keySet().removeIf(key -> !key.day().isBefore(from));
        repriced.rows().forEach(rollups::put);
        rewriteAll = true;
    }

    /** A commit writes each changed row or instance whole; seconds of batches are written as one. */
    @Override
    public long flushIntervalMillis() {
        return FLUSH_INTERVAL_MILLIS;
    }

    @Override
    public String name() {
        return "rollups";
    }

    @Override
    public void accept(PricedCall call) {
        if (!call.errorResponse()) {
            changed.add(rollups.add(call));
        }
    }

    @Override
    public JsonNode flush() throws IOException {
        JsonNode position;
        if (rewriteAll) {
            position = state.replaceWith(allLines());
            rewriteAll = false;
        } else {
            Iterable<String> lines = () -> changed.stream().map(key -> line(key, rollups.rows().get(key))).iterator();
            position = state.commit(lines, changed.size(), rollups.rows().size(), this::allLines);
        }
        csvStale |= !changed.isEmpty();
        changed.clear();
        return position;
    }

    @Override
    public boolean rollBack(JsonNode position) throws IOException {
        rollups = new DailyRollups();
        changed.clear();
        if (position.has("rows")) {
            // A version 1 checkpoint kept the rows in itself: read them, and write them as a state log next time.
            position.path("rows").forEach(this::restore);
            rewriteAll = true;
            return true;
        }
        state.restore(position, line -> {
            try {
                restore(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("a rollup state line is unreadable: " + line, e);
            }
        });
        return true;
    }

    private void restore(JsonNode row) {
        RollupKey key = new RollupKey(LocalDate.parse(row.path("day").asText()), text(row, "provider"),
                text(row, "model"), text(row, "feature"), text(row, "customer"), text(row, "team"),
                text(row, "environment"));
        RollupTotals totals = new RollupTotals();
        totals.calls = row.path("calls").asLong();
        totals.inputTokens = row.path("input_tokens").asLong();
        totals.outputTokens = row.path("output_tokens").asLong();
        totals.cacheReadTokens = row.path("cache_read_tokens").asLong();
        totals.cacheWriteTokens = row.path("cache_write_tokens").asLong();
        totals.reasoningTokens = row.path("reasoning_tokens").asLong();
        totals.costUsd = new BigDecimal(row.path("cost_usd").asText("0"));
        totals.unpricedCalls = row.path("unpriced_calls").asLong();
        totals.usageMissingCalls = row.path("usage_missing_calls").asLong();
        rollups.put(key, totals);
    }

    /** Every row's line, made one at a time as the snapshot is written. */
    private Iterable<String> allLines() {
        return () -> rollups.rows().entrySet().stream().map(row -> line(row.getKey(), row.getValue())).iterator();
    }

    private static String line(RollupKey key, RollupTotals totals) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator row = JSON_FACTORY.createGenerator(text)) {
            row.writeStartObject();
            row.writeStringField("day", key.day().toString());
            row.writeStringField("provider", key.provider());
            row.writeStringField("model", key.model());
            row.writeStringField("feature", key.feature());
            row.writeStringField("customer", key.customer());
            row.writeStringField("team", key.team());
            if (key.environment() != null) {
                row.writeStringField("environment", key.environment());
            }
            row.writeNumberField("calls", totals.calls);
            row.writeNumberField("input_tokens", totals.inputTokens);
            row.writeNumberField("output_tokens", totals.outputTokens);
            row.writeNumberField("cache_read_tokens", totals.cacheReadTokens);
            row.writeNumberField("cache_write_tokens", totals.cacheWriteTokens);
            row.writeNumberField("reasoning_tokens", totals.reasoningTokens);
            row.writeStringField("cost_usd", Money.plain(totals.costUsd));
            row.writeNumberField("unpriced_calls", totals.unpricedCalls);
            row.writeNumberField("usage_missing_calls", totals.usageMissingCalls);
            row.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    @Override
    public void committed() throws IOException {
        state.committed();
        long now = System.currentTimeMillis();
        if (csvStale && now - csvWrittenAt >= CSV_INTERVAL_MILLIS) {
            writeCsv(now);
        }
    }

    private void writeCsv(long now) throws IOException {
        RollupCsv.write(csv, rollups);
        csvWrittenAt = now;
        csvStale = false;
    }

    /** Brings {@code daily.csv} up to date with the last commit (the collector stops, or a reprice is done). */
    @Override
    public void finish() throws IOException {
        if (changed.isEmpty() && !rewriteAll && csvStale) {
            writeCsv(System.currentTimeMillis());
        }
    }

    @Override
    public void close() throws IOException {
        state.close();
    }
}
