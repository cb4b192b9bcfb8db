package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.collector.price.PricedCall;

import java.math.BigDecimal;

/**
 * Sums for one rollup row. {@code costUsd} covers priced calls only; {@code unpricedCalls} and
 * {@code usageMissingCalls} say how many calls it does not cover, so a total is never silently short.
 */
public final class RollupTotals {

    public long calls;
    public long inputTokens;
    public long outputTokens;
    public long cacheReadTokens;
    public long cacheWriteTokens;
    public long reasoningTokens;
    public BigDecimal costUsd = BigDecimal.ZERO;
    public long unpricedCalls;
    public long usageMissingCalls;

    /** Calls, none of them priced (no price, or no usage): the cost is unknown, never written as 0. */
    public boolean nothingPriced() {
        return calls > 0 && unpricedCalls + usageMissingCalls == calls;
    }

    public void add(PricedCall priced) {
        CallRecord call = priced.call();
        calls++;
        if (call.usageStatus() == UsageStatus.REPORTED) {
            // Overflow-checked: no sum of counts ever wraps into a negative total.
            inputTokens = Math.addExact(inputTokens, call.inputTokens());
            outputTokens = Math.addExact(outputTokens, call.outputTokens());
            cacheReadTokens = Math.addExact(cacheReadTokens, call.cacheReadTokens());
            cacheWriteTokens = Math.addExact(cacheWriteTokens, call.cacheWriteTokens());
            reasoningTokens = Math.addExact(reasoningTokens, call.reasoningTokens());
        } else {
            usageMissingCalls++;
        }
        if (priced.costUsd() != null) {
            costUsd = costUsd.add(priced.costUsd());
        } else if (priced.unpriced()) {
            unpricedCalls++;
        }
    }

    public void add(RollupTotals other) {
        calls += other.calls;
        inputTokens = Math.addExact(inputTokens, other.inputTokens);
        outputTokens = Math.addExact(outputTokens, other.outputTokens);
        cacheReadTokens = Math.addExact(cacheReadTokens, other.cacheReadTokens);
        cacheWriteTokens = Math.addExact(cacheWriteTokens, other.cacheWriteTokens);
        reasoningTokens = Math.addExact(reasoningTokens, other.reasoningTokens);
        costUsd = costUsd.add(other.costUsd);
        unpricedCalls += other.unpricedCalls;
        usageMissingCalls += other.usageMissingCalls;
    }
}
