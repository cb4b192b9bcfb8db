package dev.llmcost.collector.report;

import dev.llmcost.collector.CollectorState;
import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;
import dev.llmcost.collector.write.Money;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code collect} prints when it finishes: cost by feature and customer over everything collected into
 * the output directory, and what the totals do not cover (unpriced models, calls without usage, error
 * responses, calls the agents dropped).
 */
public final class CostSummary {

    private record FeatureCustomer(String feature, String customer) {
    }

    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    /** The costliest rows shown: a fleet has thousands of customers, and {@code report} lists them all. */
    static final int TOP_ROWS = 20;

    private CostSummary() {
    }

    public static void print(CollectorState state, DailyRollups rollups, long newRecords, PrintStream out) {
        Map<FeatureCustomer, RollupTotals> byFeature = new TreeMap<>(Comparator
                .comparing(FeatureCustomer::feature, NULLS_LAST).thenComparing(FeatureCustomer::customer, NULLS_LAST));
        RollupTotals total = new RollupTotals();
        for (Map.Entry<RollupKey, RollupTotals> row : rollups.rows().entrySet()) {
            byFeature.computeIfAbsent(new FeatureCustomer(row.getKey().feature(), row.getKey().customer()),
                    k -> new RollupTotals()).add(row.getValue());
            total.add(row.getValue());
        }
        out.println("llmcost: " + plural(newRecords, "new record") + " read; " + plural(state.ledgerRows(), "call")
                + " in the ledger, " + plural(state.errorRows(), "error response") + " (not billed)");
        if (!byFeature.isEmpty()) {
            TextTable table = new TextTable("FEATURE", "CUSTOMER", "CALLS", "INPUT_TOKENS", "OUTPUT_TOKENS", "COST_USD",
                    "SHARE", "NOT_PRICED");
            byFeature.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<FeatureCustomer, RollupTotals> e) -> e.getValue().costUsd)
                            .reversed())
                    .limit(TOP_ROWS)
                    .forEach(e -> table.row(orDash(e.getKey().feature()), orDash(e.getKey().customer()),
                            e.getValue().calls, e.getValue().inputTokens, e.getValue().outputTokens,
                            cost(e.getValue()), share(e.getValue(), total), notPriced(e.getValue())));
            if (byFeature.size() > TOP_ROWS) {
                table.row("… " + (byFeature.size() - TOP_ROWS) + " more", "", "", "", "", "", "", "");
            }
            table.row("TOTAL", "", total.calls, total.inputTokens, total.outputTokens, cost(total),
                    total.costUsd.signum() == 0 ? "" : "100%", notPriced(total));
            table.print(out);
        }
        state.unpriced().forEach((model, calls) -> out.println("warning: " + calls + " call" + (calls == 1 ? "" : "s")
                + " to " + model.replace(' ', ':') + " unpriced (cost_usd null): no price in the catalog; add one with"
                + " --prices FILE"));
        if (total.usageMissingCalls > 0) {
            out.println("warning: " + plural(total.usageMissingCalls, "call") + " without reported usage (cost_usd null: "
                    + ReportWriter.byCount(state.withoutUsage()) + "); see usage_note in the ledger");
        }
        if (state.expensiveCalls().count() > 0) {
            out.println("warning: " + plural(state.expensiveCalls().count(), "call") + " cost more than "
                    + Money.display(state.expensiveCalls().threshold()) + " each (kept and priced; check "
                    + (state.expensiveCalls().count() == 1 ? "it" : "them") + ", --warn-call-usd sets the threshold):");
            state.expensiveCalls().costliest().forEach(call -> out.println("  " + call.describe()));
            long more = state.expensiveCalls().count() - state.expensiveCalls().costliest().size();
            if (more > 0) {
                out.println("  … and " + more + " more (llmcost report lists them)");
            }
        }
        long dropped = state.agentCounter("dropped_ring_full") + state.agentCounter("not_captured")
                + state.agentCounter("queue_write_failures");
        if (dropped > 0) {
            out.println("warning: agents could not record " + dropped + " call" + (dropped == 1 ? "" : "s")
                    + " (ring full, memory budget or queue unwritable); see agents in the checkpoint");
        }
        if (state.rejectedRecords() > 0) {
            out.println("warning: " + plural(state.rejectedRecords(), "queue record") + " rejected and kept in rejected/ ("
                    + ReportWriter.byCount(state.rejectedReasons()) + ")");
        }
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }


    private static String share(RollupTotals part, RollupTotals total) {
        if (total.costUsd.signum() == 0) {
            return "";
        }
        return part.costUsd.multiply(java.math.BigDecimal.valueOf(100))
                .divide(total.costUsd, 1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** Calls the cost does not cover: no price for the model, or no usage reported. */
    private static String notPriced(RollupTotals totals) {
        long calls = totals.unpricedCalls + totals.usageMissingCalls;
        return calls == 0 ? "" : Long.toString(calls);
    }

    /** A row whose calls were all left unpriced has an unknown cost: never printed as 0. */
    private static String cost(RollupTotals totals) {
        return totals.nothingPriced() ? "unpriced" : Money.display(totals.costUsd);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
