package dev.llmcost.collector.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * What a report row adds up from ledger rows. {@code costUsd} covers priced calls only, and per-call and
 * per-token costs are taken over those calls, so an unpriced model never makes a feature look cheap.
 */
final class ReportTotals {

    long calls;
    long inputTokens;
    long outputTokens;
    long cacheReadTokens;
    long cacheWriteTokens;
    long reasoningTokens;
    BigDecimal costUsd = BigDecimal.ZERO;
    long pricedCalls;
    long pricedTokens;
    long unpricedCalls;
    long usageMissingCalls;
    BigDecimal lastDayCost = BigDecimal.ZERO;
    BigDecimal dayBeforeCost = BigDecimal.ZERO;

    /** Calls, none of them priced: the cost is unknown, never shown as 0. */
    boolean nothingPriced() {
        return calls > 0 && pricedCalls == 0;
    }

    /** Adds a ledger row made on UTC {@code day}. */
    void add(JsonNode row, String day, Period period) {
        calls++;
        if (!"reported".equals(row.path("usage_status").asText())) {
            usageMissingCalls++;
            return;
        }
        long input = row.path("input_tokens").asLong();
        long output = row.path("output_tokens").asLong();
        inputTokens = Math.addExact(inputTokens, input);
        outputTokens = Math.addExact(outputTokens, output);
        cacheReadTokens = Math.addExact(cacheReadTokens, row.path("cache_read_tokens").asLong());
        cacheWriteTokens = Math.addExact(cacheWriteTokens, row.path("cache_write_tokens").asLong());
        reasoningTokens = Math.addExact(reasoningTokens, row.path("reasoning_tokens").asLong());
        JsonNode cost = row.get("cost_usd");
        if (cost == null || cost.isNull()) {
            unpricedCalls++;
            return;
        }
        BigDecimal amount = cost.decimalValue();
        costUsd = costUsd.add(amount);
        pricedCalls++;
        pricedTokens = Math.addExact(pricedTokens, Math.addExact(input, output));
        if (day.equals(period.lastDay())) {
            lastDayCost = lastDayCost.add(amount);
        } else if (day.equals(period.dayBefore())) {
            dayBeforeCost = dayBeforeCost.add(amount);
        }
    }

    void add(ReportTotals other) {
        calls += other.calls;
        inputTokens = Math.addExact(inputTokens, other.inputTokens);
        outputTokens = Math.addExact(outputTokens, other.outputTokens);
        cacheReadTokens = Math.addExact(cacheReadTokens, other.cacheReadTokens);
        cacheWriteTokens = Math.addExact(cacheWriteTokens, other.cacheWriteTokens);
        reasoningTokens = Math.addExact(reasoningTokens, other.reasoningTokens);
        costUsd = costUsd.add(other.costUsd);
        pricedCalls += other.pricedCalls;
        pricedTokens = Math.addExact(pricedTokens, other.pricedTokens);
        unpricedCalls += other.unpricedCalls;
        usageMissingCalls += other.usageMissingCalls;
        lastDayCost = lastDayCost.add(other.lastDayCost);
        dayBeforeCost = dayBeforeCost.add(other.dayBeforeCost);
    }

    /** The report's last day and the one before it, for the day-over-day change. */
    record Period(String lastDay, String dayBefore) {
    }
}
