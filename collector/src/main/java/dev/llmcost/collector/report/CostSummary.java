package dev.llmcost.collector.report;

import dev.llmcost.collector.CollectorState;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;
import dev.llmcost.collector.write.Money;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private CostSummary() {
    }

    public static void print(CollectorState state, long newRecords, PrintStream out) {
        Map<FeatureCustomer, RollupTotals> byFeature = new TreeMap<>(Comparator
                .comparing(FeatureCustomer::feature, NULLS_LAST).thenComparing(FeatureCustomer::customer, NULLS_LAST));
        RollupTotals total = new RollupTotals();
        for (Map.Entry<RollupKey, RollupTotals> row : state.rollups.rows().entrySet()) {
            byFeature.computeIfAbsent(new FeatureCustomer(row.getKey().feature(), row.getKey().customer()),
                    k -> new RollupTotals()).add(row.getValue());
            total.add(row.getValue());
        }
        out.println("llmcost: " + plural(newRecords, "new record") + " read; " + plural(state.ledgerRows, "call")
                + " in the ledger, " + plural(state.errorRows, "error response") + " (not billed)");
        if (!byFeature.isEmpty()) {
            Table table = new Table("FEATURE", "CUSTOMER", "CALLS", "INPUT_TOKENS", "OUTPUT_TOKENS", "COST_USD");
            byFeature.forEach((key, totals) -> table.row(orDash(key.feature()), orDash(key.customer()),
                    totals.calls, totals.inputTokens, totals.outputTokens, cost(totals)));
            table.row("TOTAL", "", total.calls, total.inputTokens, total.outputTokens, cost(total));
            table.print(out);
        }
        state.unpriced.forEach((model, calls) -> out.println("warning: " + calls + " call" + (calls == 1 ? "" : "s")
                + " to " + model.replace(' ', ':') + " unpriced (cost_usd null): no price in the catalog; add one with"
                + " --prices FILE"));
        if (total.usageMissingCalls > 0) {
            out.println("warning: " + total.usageMissingCalls + " call" + (total.usageMissingCalls == 1 ? "" : "s")
                    + " without reported usage (cost_usd null); see usage_note in the ledger");
        }
        long dropped = sumCounter(state, "dropped_ring_full") + sumCounter(state, "not_captured")
                + sumCounter(state, "queue_write_failures");
        if (dropped > 0) {
            out.println("warning: agents could not record " + dropped + " call" + (dropped == 1 ? "" : "s")
                    + " (ring full, memory budget or queue unwritable); see agents in the checkpoint");
        }
        if (state.rejectedRecords > 0) {
            out.println("warning: " + state.rejectedRecords + " unreadable queue record"
                    + (state.rejectedRecords == 1 ? "" : "s") + " kept in rejected/");
        }
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static long sumCounter(CollectorState state, String name) {
        return state.agents.values().stream().mapToLong(agent -> agent.counters().getOrDefault(name, 0L)).sum();
    }

    private static String cost(RollupTotals totals) {
        String cost = Money.plain(totals.costUsd);
        return totals.unpricedCalls + totals.usageMissingCalls > 0 ? cost + " (+"
                + (totals.unpricedCalls + totals.usageMissingCalls) + " unpriced)" : cost;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** A plain text table, right-aligning numbers. */
    static final class Table {
        private final List<String> header;
        private final java.util.ArrayList<List<String>> rows = new java.util.ArrayList<>();

        Table(String... header) {
            this.header = Arrays.asList(header);
        }

        void row(Object... cells) {
            rows.add(Arrays.stream(cells).map(cell -> Objects.toString(cell, "")).toList());
        }

        void print(PrintStream out) {
            int[] widths = new int[header.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = header.get(i).length();
                for (List<String> row : rows) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            out.println(format(header, widths));
            rows.forEach(row -> out.println(format(row, widths)));
        }

        private static String format(List<String> cells, int[] widths) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)));
                String padded = numeric ? " ".repeat(widths[i] - cell.length()) + cell
                        : cell + " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "  " : "  ").append(padded);
            }
            return line.toString().stripTrailing();
        }
    }
}
