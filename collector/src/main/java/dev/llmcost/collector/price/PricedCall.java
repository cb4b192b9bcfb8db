package dev.llmcost.collector.price;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A call with its price: {@code costUsd} and {@code priceRef} are both set, or both null with a
 * {@code costNote} saying why. What the aggregate and write stages consume.
 */
public record PricedCall(CallRecord call, BigDecimal costUsd, String priceRef, String costNote) {

    static PricedCall unpriced(CallRecord call, String note) {
        return new PricedCall(call, null, null, note);
    }

    /** The UTC day the call was made: the ledger file and the rollup row it belongs to. */
    public LocalDate day() {
        return Instant.ofEpochMilli(call.timestampMillis()).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** A call with reported usage that the catalog could not price. */
    public boolean unpriced() {
        return call.usageStatus() == UsageStatus.REPORTED && costUsd == null;
    }

    /** An error response, which providers do not bill: kept apart from the ledger. */
    public boolean errorResponse() {
        return call.usageStatus() == UsageStatus.ERROR;
    }
}
