package dev.llmcost.collector.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.allocate.SharedCost;
import dev.llmcost.collector.read.LedgerFiles;
import dev.llmcost.collector.read.OutputSet;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static dev.llmcost.collector.read.JsonFields.text;
import static dev.llmcost.collector.read.LedgerDimensions.value;

/**
 * Cost by any dimensions, read from the ledger the collector wrote: one pass over the day files in range, one
 * row at a time, so a year of ledger is reported in bounded memory (one entry per group).
 */
public final class LedgerReport {

    /** The dimensions a report can group by; {@code attributes.KEY} adds any attribute key. */
    public static final List<String> DIMENSIONS = List.of("day", "hour", "provider", "model", "request_model", "feature",
            "customer", "team", "environment", "service", "operation");

    private final List<String> dimensions;
    private final String outcomeKey;
    private final boolean charts;
    final Map<List<String>, OutcomeCosts> outcomes = new HashMap<>();
    final Map<List<String>, ReportTotals> groups = new HashMap<>();
    final ReportTotals total = new ReportTotals();
    final ReportTotals unattributed = new ReportTotals();
    final Map<String, Long> unpricedByModel = new TreeMap<>();
    /** Calls without reported usage, by usage status. */
    final Map<String, Long> withoutUsage = new TreeMap<>();
    /** Calls above the warning threshold ({@code --warn-call-usd}). */
    final ExpensiveCalls expensiveCalls = new ExpensiveCalls();
    final BigDecimal warnCallUsd;
    /** For the HTML report's charts (gathered only for it): cost by day and feature, by customer, by model. */
    final Map<String, Map<String, BigDecimal>> costByDayAndFeature = new TreeMap<>();
    final Map<String, BigDecimal> costByCustomer = new HashMap<>();
    final Map<String, BigDecimal> costByModel = new HashMap<>();
    final LocalDate since;
    final LocalDate until;
    final ReportTotals.Period period;
    /** The blended prompt-cache view ({@code --cache}), or {@code null}. */
    final BlendedCache blendedCache;
    /** The budgets panel of the HTML report: every budget as of the report's end; empty without budgets. */
    List<dev.llmcost.collector.budget.BudgetBook.Status> budgets = List.of();

    /** The shards read, in reading order, when the set names them; else empty (one output directory). */
    List<String> shards = List.of();
    /** The line naming the shards read ({@link OutputSet#describe()}), or {@code null} for one output directory. */
    String shardsRead;

    /** With {@code --costs}: the shared costs beside the rows; else {@code null}. */
    ReportSharedCosts sharedCosts;

    private LedgerReport(List<String> dimensions, String outcomeKey, boolean charts, BigDecimal warnCallUsd,
                         LocalDate since, LocalDate until, BlendedCache blendedCache) {
        this.blendedCache = blendedCache;
        this.warnCallUsd = warnCallUsd;
        this.dimensions = dimensions;
        this.outcomeKey = outcomeKey;
        this.charts = charts;
        this.since = since;
        this.until = until;
        this.period = new ReportTotals.Period(until.toString(), until.minusDays(1).toString());
    }

    /**
     * Reads {@code ledger/*.jsonl} of every shard of {@code out} for the UTC days {@code since..until} (either may
     * be null: from the first or to the last day there is). With an {@code outcomeKey} (an attribute key such as {@code conversation}),
     * each row also gets the distribution of cost per outcome; with {@code charts}, what the HTML report draws
     * is gathered too. Calls that cost more than {@code warnCallUsd} each are listed. With a {@code blendedCache}
     * (else null), each row also gets its cost with prompt caching blended over the period. Every row read is
     * handed to {@code alsoEachRow} too (the shared costs' allocator), so the ledger is read once.
     */
    public static LedgerReport read(OutputSet out, List<String> dimensions, String outcomeKey, LocalDate since,
                                    LocalDate until, boolean charts, BigDecimal warnCallUsd,
                                    BlendedCache blendedCache, Consumer<JsonNode> alsoEachRow) throws IOException {
        checkDimensions(dimensions);
        LedgerFiles days = out.ledger(since, until);
        LocalDate last = until != null ? until : days.isEmpty() ? LocalDate.now(java.time.ZoneOffset.UTC)
                : days.lastDay();
        LocalDate first = since != null ? since : days.isEmpty() ? last : days.firstDay();
        String key = outcomeKey == null ? null : outcomeKey.replaceFirst("^attributes\\.", "");
        LedgerReport report = new LedgerReport(List.copyOf(dimensions), key, charts, warnCallUsd, first, last,
                blendedCache);
        report.shards = out.namesShards() ? out.names() : List.of();
        report.shardsRead = out.namesShards() ? out.describe() : null;
        days.forEachRow(row -> {
            report.add(row);
            alsoEachRow.accept(row);
        });
        if (blendedCache != null) {
            blendedCache.allocate();
        }
        return report;
    }

    /** Refuses a dimension a report cannot group by. */
    static void checkDimensions(List<String> dimensions) {
        for (String dimension : dimensions) {
            if (!DIMENSIONS.contains(dimension) && !dimension.startsWith("attributes.")) {
                throw new IllegalArgumentException("unknown dimension '" + dimension + "' (known: "
                        + String.join(", ", DIMENSIONS) + ", attributes.KEY)");
            }
        }
    }

    /**
     * Puts the shared costs beside the rows ({@code report --costs}); a value the costs were split to that made
     * no call in the report (a weight's) gets a row of its own, with no calls.
     */
    public void addSharedCosts(List<CostAllocation> allocations, List<SharedCost> outside) {
        sharedCosts = new ReportSharedCosts(allocations, outside, dimensions);
        for (List<String> row : sharedCosts.byRow.keySet()) {
            groups.computeIfAbsent(row, k -> new ReportTotals());
            if (outcomeKey != null) {
                outcomes.computeIfAbsent(row, k -> new OutcomeCosts());
            }
        }
    }

    /** The report's last UTC day. */
    public LocalDate lastDay() {
        return until;
    }

    /** Shows the budgets beside the report (the HTML report's panel). */
    public void showBudgets(List<dev.llmcost.collector.budget.BudgetBook.Status> budgets) {
        this.budgets = List.copyOf(budgets);
    }

    public List<String> dimensions() {
        return dimensions;
    }

    /** The attribute key whose values are the outcomes costed per unit, or {@code null}. */
    public String outcomeKey() {
        return outcomeKey;
    }

    /** The groups in key order (time first, for a rollup file). */
    List<Map.Entry<List<String>, ReportTotals>> rowsByKey() {
        List<Map.Entry<List<String>, ReportTotals>> rows = new ArrayList<>(groups.entrySet());
        rows.sort((a, b) -> {
            for (int i = 0; i < a.getKey().size(); i++) {
                int order = java.util.Objects.compare(a.getKey().get(i), b.getKey().get(i),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
        return rows;
    }

    /** The groups, most expensive first, shared costs included (ties: most calls, then by name). */
    List<Map.Entry<List<String>, ReportTotals>> rows() {
        List<Map.Entry<List<String>, ReportTotals>> rows = new ArrayList<>(groups.entrySet());
        rows.sort((a, b) -> {
            int byCost = costWithShared(b).compareTo(costWithShared(a));
            if (byCost != 0) {
                return byCost;
            }
            int byCalls = Long.compare(b.getValue().calls, a.getValue().calls);
            return byCalls != 0 ? byCalls : String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey()));
        });
        return rows;
    }

    private BigDecimal costWithShared(Map.Entry<List<String>, ReportTotals> row) {
        return sharedCosts == null ? row.getValue().costUsd
                : row.getValue().costUsd.add(sharedCosts.allocated(row.getKey()));
    }

    private void add(JsonNode row) {
        String day = value(row, "day");
        List<String> key = new ArrayList<>(dimensions.size());
        for (String dimension : dimensions) {
            key.add(value(row, dimension));
        }
        groups.computeIfAbsent(key, k -> new ReportTotals()).add(row, day, period);
        if (blendedCache != null) {
            blendedCache.add(key, row);
        }
        JsonNode priced = row.get("cost_usd");
        if (charts && priced != null && !priced.isNull()) {
            BigDecimal cost = priced.decimalValue();
            String feature = text(row, "feature");
            costByDayAndFeature.computeIfAbsent(day, d -> new HashMap<>())
                    .merge(feature == null ? "(none)" : feature, cost, BigDecimal::add);
            String customer = text(row, "customer");
            costByCustomer.merge(customer == null ? "(none)" : customer, cost, BigDecimal::add);
            costByModel.merge(value(row, "model"), cost, BigDecimal::add);
        }
        if (outcomeKey != null) {
            JsonNode cost = row.get("cost_usd");
            outcomes.computeIfAbsent(key, k -> new OutcomeCosts()).add(text(row.path("attributes"), outcomeKey),
                    cost == null || cost.isNull() ? null : cost.decimalValue());
        }
        total.add(row, day, period);
        if (text(row, "feature") == null && text(row, "customer") == null && text(row, "team") == null) {
            unattributed.add(row, day, period);
        }
        String status = row.path("usage_status").asText();
        if ("reported".equals(status) && row.path("cost_usd").isNull()) {
            unpricedByModel.merge(text(row, "provider") + ":" + value(row, "model"), 1L, Long::sum);
        } else if (!"reported".equals(status)) {
            withoutUsage.merge(status, 1L, Long::sum);
        }
        if (priced != null && !priced.isNull() && priced.decimalValue().compareTo(warnCallUsd) > 0) {
            expensiveCalls.add(new ExpensiveCalls.Call(text(row, "event_id"), day, text(row, "provider"),
                    value(row, "model"), priced.decimalValue(), text(row, "feature"), text(row, "customer")));
        }
    }

}
