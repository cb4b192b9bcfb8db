package dev.llmcost.collector.write;

import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code rollups/daily.csv}: one row per day × provider × model × feature × customer × team × environment. A row whose calls are
 * all unpriced has an empty cost: unknown, not free.
 */
public final class RollupCsv {

    public static final List<String> HEADER = List.of("day", "provider", "model", "feature", "customer", "team",
            "environment", "calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
            "reasoning_tokens", "cost_usd", "unpriced_calls", "usage_missing_calls");

    private RollupCsv() {
    }

    public static void write(Path file, DailyRollups rollups) throws IOException {
        StringBuilder csv = new StringBuilder(Csv.line(HEADER));
        for (Map.Entry<RollupKey, RollupTotals> row : rollups.rows().entrySet()) {
            RollupKey key = row.getKey();
            RollupTotals totals = row.getValue();
            csv.append(Csv.line(Arrays.asList(key.day(), key.provider(), key.model(), key.feature(),
                    key.customer(), key.team(), key.environment(), totals.calls, totals.inputTokens, totals.outputTokens,
                    totals.cacheReadTokens, totals.cacheWriteTokens, totals.reasoningTokens,
                    totals.nothingPriced() ? "" : Money.plain(totals.costUsd), totals.unpricedCalls,
                    totals.usageMissingCalls)));
        }
        AtomicFiles.write(file, csv.toString());
    }
}
