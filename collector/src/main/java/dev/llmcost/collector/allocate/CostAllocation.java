package dev.llmcost.collector.allocate;

import java.math.BigDecimal;
import java.util.List;

/**
 * A shared cost split over the values of its {@code to} dimension, or, when its period gave it nothing to be
 * split by, left unallocated (one part: no value, basis 0, share 1, the whole amount) with the reason why.
 */
public record CostAllocation(SharedCost cost, List<AllocatedPart> parts, String unallocatedReason) {

    static CostAllocation unallocated(SharedCost cost, String reason) {
        BigDecimal amount = cost.amountUsd().setScale(2);
        return new CostAllocation(cost, List.of(new AllocatedPart(null, BigDecimal.ZERO, BigDecimal.ONE, amount)),
                reason);
    }

    public boolean isUnallocated() {
        return unallocatedReason != null;
    }

    /** The warning line for an unallocated cost. */
    public String warning() {
        return "shared cost " + cost.describe() + ": $" + cost.amountUsd().setScale(2).toPlainString()
                + " unallocated: " + unallocatedReason;
    }
}
