package dev.llmcost.collector.metrics;

import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.PricedCall;

import java.math.BigDecimal;

/**
 * What one label combination has counted since the collector started: its ledger calls, their exact cost, their
 * tokens by kind, those of its calls the cost does not cover, and its error responses. Immutable, so that a
 * scrape reads a batch's totals whole while the next batch is counted.
 */
public final class SeriesTotals {

    static final TokenKind[] KINDS = TokenKind.values();
    static final SeriesTotals ZERO = new SeriesTotals(0, BigDecimal.ZERO, new long[KINDS.length], 0, 0, 0);

    private final long calls;
    private final BigDecimal costUsd;
    private final long[] tokens;
    private final long noPrice;
    private final long noUsage;
    private final long errorResponses;

    private SeriesTotals(long calls, BigDecimal costUsd, long[] tokens, long noPrice, long noUsage,
                         long errorResponses) {
        this.calls = calls;
        this.costUsd = costUsd;
        this.tokens = tokens;
        this.noPrice = noPrice;
        this.noUsage = noUsage;
        this.errorResponses = errorResponses;
    }

    /** Calls in the ledger (every call but error responses). */
    public long calls() {
        return calls;
    }

    /** Their cost, exact: the sum of the ledger's {@code cost_usd}. */
    public BigDecimal costUsd() {
        return costUsd;
    }

    public long tokens(TokenKind kind) {
        return tokens[kind.ordinal()];
    }

    /** Ledger calls with reported usage and no price in the catalog. */
    public long noPrice() {
        return noPrice;
    }

    /** Ledger calls whose usage was not reported (malformed, incomplete…): their cost is unknown. */
    public long noUsage() {
        return noUsage;
    }

    /** Error responses, which providers do not bill: kept apart from the ledger. */
    public long errorResponses() {
        return errorResponses;
    }

    SeriesTotals plus(Sum sum) {
        long[] added = tokens.clone();
        for (int i = 0; i < added.length; i++) {
            added[i] += sum.tokens[i];
        }
        return new SeriesTotals(calls + sum.calls, costUsd.add(sum.costUsd), added, noPrice + sum.noPrice,
                noUsage + sum.noUsage, errorResponses + sum.errorResponses);
    }

    /** One batch's calls of one label combination, added up before they are published. */
    static final class Sum {
        private long calls;
        private BigDecimal costUsd = BigDecimal.ZERO;
        private final long[] tokens = new long[KINDS.length];
        private long noPrice;
        private long noUsage;
        private long errorResponses;
        private long priced;

        long calls() {
            return calls;
        }

        BigDecimal costUsd() {
            return costUsd;
        }

        /** Calls with a cost (the cost is a sum over some, even when it is 0). */
        long priced() {
            return priced;
        }

        long tokens(TokenKind kind) {
            return tokens[kind.ordinal()];
        }

        long noPrice() {
            return noPrice;
        }

        long noUsage() {
            return noUsage;
        }

        long errorResponses() {
            return errorResponses;
        }

        void add(Sum other) {
            calls += other.calls;
            priced += other.priced;
            costUsd = costUsd.add(other.costUsd);
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] += other.tokens[i];
            }
            noPrice += other.noPrice;
            noUsage += other.noUsage;
            errorResponses += other.errorResponses;
        }

        void add(PricedCall priced) {
            if (priced.errorResponse()) {
                errorResponses++;
                return;
            }
            calls++;
            if (priced.costUsd() != null) {
                this.priced++;
                costUsd = costUsd.add(priced.costUsd());
            } else if (priced.unpriced()) {
                noPrice++;
            } else if (priced.call().usageStatus() != UsageStatus.REPORTED) {
                noUsage++;
            }
            if (priced.call().tokens() != null) {
                for (TokenKind kind : KINDS) {
                    tokens[kind.ordinal()] += priced.call().tokens().orZero(kind);
                }
            }
        }
    }
}
