package dev.llmcost.collector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.write.Money;
import dev.llmcost.collector.write.RollupCsv;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;

import static dev.llmcost.collector.read.JsonFields.text;

/**
 * The daily rollups of billed calls. Its position is the rollups themselves (one row per day × provider × model ×
 * feature × customer × team × environment), so a restart resumes them exactly; {@code rollups/daily.csv} is
 * rewritten from them after each commit.
 */
public final class RollupsSink implements Sink {

    private final Path csv;
    private DailyRollups rollups = new DailyRollups();

    public RollupsSink(Path outputDirectory) {
        this.csv = outputDirectory.resolve("rollups").resolve("daily.csv");
    }

    public DailyRollups rollups() {
        return rollups;
    }

    /** Replaces the rows from {@code from} on with {@code repriced} (a reprice). */
    public void replaceFrom(LocalDate from, DailyRollups repriced) {
        rollups.rows().keySet().removeIf(key -> !key.day().isBefore(from));
        repriced.rows().forEach(rollups::put);
    }

    @Override
    public String name() {
        return "rollups";
    }

    @Override
    public void accept(PricedCall call) {
        if (!call.errorResponse()) {
            rollups.add(call);
        }
    }

    @Override
    public JsonNode flush() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        rollups.rows().forEach((key, totals) -> {
            ObjectNode row = rows.addObject();
            row.put("day", key.day().toString());
            row.put("provider", key.provider());
            row.put("model", key.model());
            row.put("feature", key.feature());
            row.put("customer", key.customer());
            row.put("team", key.team());
            if (key.environment() != null) {
                row.put("environment", key.environment());
            }
            row.put("calls", totals.calls);
            row.put("input_tokens", totals.inputTokens);
            row.put("output_tokens", totals.outputTokens);
            row.put("cache_read_tokens", totals.cacheReadTokens);
            row.put("cache_write_tokens", totals.cacheWriteTokens);
            row.put("reasoning_tokens", totals.reasoningTokens);
            row.put("cost_usd", Money.plain(totals.costUsd));
            row.put("unpriced_calls", totals.unpricedCalls);
            row.put("usage_missing_calls", totals.usageMissingCalls);
        });
        ObjectNode position = JsonNodeFactory.instance.objectNode();
        position.set("rows", rows);
        return position;
    }

    @Override
    public void rollBack(JsonNode position) {
        rollups = new DailyRollups();
        for (JsonNode row : position.path("rows")) {
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
    }

    @Override
    public void committed() throws IOException {
        RollupCsv.write(csv, rollups);
    }

    @Override
    public void close() {
    }
}
