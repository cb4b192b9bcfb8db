package dev.llmcost.collector.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.allocate.SharedCost;
import dev.llmcost.collector.write.Csv;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Writes a {@link LedgerReport} as a terminal table, CSV or JSON: the same rows and figures in each. */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * @param dropped calls the agents could not record (from the collector's checkpoint), reported beside the
     *                totals they are missing from
     */
    public static void write(LedgerReport report, String format, long dropped, PrintStream out) throws IOException {
        switch (format) {
            case "table" -> table(report, dropped, out);
            case "csv" -> csv(report, out);
            case "json" -> json(report, dropped, out);
            case "html" -> HtmlReport.write(report, dropped, out);
            default -> throw new IllegalArgumentException("unknown format '" + format + "' (table, csv, json, html)");
        }
    }

    private static void table(LedgerReport report, long dropped, PrintStream out) {
        out.println("llmcost report " + report.since + " to " + report.until + " by "
                + String.join(", ", report.dimensions()) + ": " + report.total.calls + " call"
                + (report.total.calls == 1 ? "" : "s") + ", "
                + (report.total.nothingPriced() ? "unpriced" : Money.display(report.total.costUsd)));
        List<String> header = new ArrayList<>();
        report.dimensions().forEach(dimension -> header.add(dimension.toUpperCase(Locale.ROOT)));
        header.addAll(List.of("CALLS", "INPUT_TOKENS", "OUTPUT_TOKENS", "COST_USD", "SHARE", "USD_PER_CALL",
                "USD_PER_1M_TOKENS", "DAY_OVER_DAY", "NOT_PRICED"));
        ReportSharedCosts shared = report.sharedCosts;
        int afterCost = header.indexOf("COST_USD") + 1;
        if (shared != null) {
            header.addAll(afterCost, List.of("ALLOCATED_USD", "TOTAL_USD"));
        }
        String per = report.outcomeKey() == null ? null : report.outcomeKey().toUpperCase(Locale.ROOT);
        if (per != null) {
            header.addAll(List.of(per + "S", "USD_PER_" + per + "_P50", "P90", "MAX", "MEAN"));
        }
        BlendedCache blended = report.blendedCache;
        if (blended != null) {
            header.addAll(List.of("BLENDED_COST_USD", "ACTUAL_COST_USD", "CACHE_SAVINGS_USD"));
        }
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Map.Entry<List<String>, ReportTotals> row : report.rows()) {
            List<Object> cells = new ArrayList<>();
            row.getKey().forEach(value -> cells.add(value == null ? "-" : value));
            cells.addAll(displayFigures(row.getValue(), report.total));
            if (shared != null) {
                cells.addAll(afterCost, allocatedFigures(row.getValue(), shared.allocated(row.getKey()),
                        Money::display));
            }
            if (per != null) {
                cells.addAll(outcomeFigures(report.outcomes.get(row.getKey()), Money::display));
            }
            if (blended != null) {
                cells.addAll(cacheFigures(blended.costs(row.getKey()), Money::display));
            }
            table.row(cells.toArray());
        }
        List<Object> total = new ArrayList<>();
        total.add("TOTAL");
        for (int i = 1; i < report.dimensions().size(); i++) {
            total.add("");
        }
        total.addAll(displayFigures(report.total, report.total));
        if (shared != null) {
            total.addAll(afterCost, allocatedFigures(report.total, shared.totalUsd, Money::display));
        }
        if (per != null) {
            total.addAll(List.of("", "", "", "", ""));
        }
        if (blended != null) {
            total.addAll(cacheFigures(blended.total(), Money::display));
        }
        table.row(total.toArray());
        table.print(out);
        if (blended != null) {
            cacheNotes(blended).forEach(note -> out.println("cache pricing: " + note));
        }
        if (shared != null) {
            shared.notes().forEach(out::println);
        }
        if (report.unattributed.calls > 0) {
            out.println("unattributed (no feature, customer or team): " + percent(report.unattributed.costUsd,
                    report.total.costUsd) + " of cost, " + report.unattributed.calls + " calls");
        }
        report.unpricedByModel.forEach((model, calls) -> out.println("unpriced: " + calls + " call"
                + (calls == 1 ? "" : "s") + " to " + model + " (no price in the catalog; add one with --prices)"));
        if (report.total.usageMissingCalls > 0) {
            out.println("no usage: " + report.total.usageMissingCalls + " calls reported no usage ("
                    + byCount(report.withoutUsage) + "; see usage_note)");
        }
        if (dropped > 0) {
            out.println("dropped: agents could not record " + dropped + " calls (see the collector's summary)");
        }
        if (report.expensiveCalls.count() > 0) {
            out.println("warning: " + report.expensiveCalls.count() + " call" + (report.expensiveCalls.count() == 1
                    ? "" : "s") + " cost more than " + Money.display(report.warnCallUsd) + " each (check "
                    + (report.expensiveCalls.count() == 1 ? "it" : "them") + "; --warn-call-usd sets the threshold):");
            report.expensiveCalls.costliest().forEach(call -> out.println("  " + call.describe()));
        }
        if (report.shardsRead != null) {
            out.println("shards: " + report.shardsRead);
        }
    }

    /** "2 malformed, 1 incomplete": a count per kind, largest first. */
    static String byCount(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** A rollup file: the report's CSV in key order (time first), as a spreadsheet or a warehouse loads it. */
    public static String rollupCsv(LedgerReport report) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        csv(report, new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), true);
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void csv(LedgerReport report, PrintStream out) {
        csv(report, out, false);
    }

    /**
     * The CSV of a report, or of a rollup file: a rollup row stands alone, in key order, with no share of a total
     * or change against another period.
     */
    private static void csv(LedgerReport report, PrintStream out, boolean rollup) {
        Map<String, Function<ReportTotals, String>> columns = new LinkedHashMap<>();
        columns.put("calls", t -> Long.toString(t.calls));
        columns.put("input_tokens", t -> Long.toString(t.inputTokens));
        columns.put("output_tokens", t -> Long.toString(t.outputTokens));
        columns.put("cache_read_tokens", t -> Long.toString(t.cacheReadTokens));
        columns.put("cache_write_tokens", t -> Long.toString(t.cacheWriteTokens));
        columns.put("reasoning_tokens", t -> Long.toString(t.reasoningTokens));
        columns.put("cost_usd", t -> t.nothingPriced() ? "" : Money.plain(t.costUsd));
        if (!rollup) {
            columns.put("share_pct", t -> share(t.costUsd, report.total.costUsd, false));
        }
        columns.put("usd_per_call", t -> exact(perCallUsd(t)));
        columns.put("usd_per_1k_tokens", t -> exact(perThousandTokensUsd(t)));
        if (!rollup) {
            columns.put("day_over_day_pct", t -> dayOverDay(t, false).replace("new", ""));
        }
        columns.put("unpriced_calls", t -> Long.toString(t.unpricedCalls));
        columns.put("usage_missing_calls", t -> Long.toString(t.usageMissingCalls));
        List<String> header = new ArrayList<>(report.dimensions());
        header.addAll(columns.keySet());
        boolean per = report.outcomeKey() != null;
        if (per) {
            header.addAll(List.of("outcomes", "usd_per_outcome_p50", "usd_per_outcome_p90", "usd_per_outcome_max",
                    "usd_per_outcome_mean"));
        }
        BlendedCache blended = rollup ? null : report.blendedCache;
        if (blended != null) {
            header.addAll(CACHE_FIELDS);
        }
        ReportSharedCosts shared = rollup ? null : report.sharedCosts;
        int afterCost = header.indexOf("cost_usd") + 1;
        if (shared != null) {
            header.addAll(afterCost, List.of("allocated_cost_usd", "total_cost_usd"));
        }
        out.print(Csv.line(header));
        for (Map.Entry<List<String>, ReportTotals> row : rollup ? report.rowsByKey() : report.rows()) {
            List<String> cells = new ArrayList<>();
            row.getKey().forEach(value -> cells.add(value == null ? "" : value));
            columns.values().forEach(column -> cells.add(column.apply(row.getValue())));
            if (shared != null) {
                cells.addAll(afterCost, allocatedFigures(row.getValue(), shared.allocated(row.getKey()), Money::plain));
            }
            if (per) {
                cells.addAll(outcomeFigures(report.outcomes.get(row.getKey()), Money::plain));
            }
            if (blended != null) {
                cells.addAll(cacheFigures(blended.costs(row.getKey()), Money::plain));
            }
            out.print(Csv.line(cells));
        }
    }

    private static void json(LedgerReport report, long dropped, PrintStream out) throws IOException {
        // Plain decimals, as in the ledger: a sub-cent share or per-call cost is never written as 1E-8.
        JsonGenerator json = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build()
                .createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeStringField("since", report.since.toString());
        json.writeStringField("until", report.until.toString());
        json.writeArrayFieldStart("by");
        for (String dimension : report.dimensions()) {
            json.writeString(dimension);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        for (Map.Entry<List<String>, ReportTotals> row : report.rows()) {
            json.writeStartObject();
            for (int i = 0; i < report.dimensions().size(); i++) {
                json.writeStringField(report.dimensions().get(i), row.getKey().get(i));
            }
            fields(json, row.getValue(), report.total);
            if (report.blendedCache != null) {
                cacheFields(json, report.blendedCache.costs(row.getKey()));
            }
            if (report.sharedCosts != null) {
                allocatedFields(json, row.getValue(), report.sharedCosts.allocated(row.getKey()));
            }
            if (report.outcomeKey() != null) {
                OutcomeCosts outcomes = report.outcomes.get(row.getKey());
                json.writeObjectFieldStart("per_" + report.outcomeKey());
                json.writeNumberField("outcomes", outcomes.count());
                json.writeNumberField("calls_without_it", outcomes.callsWithoutOutcome);
                List<String> figures = outcomeFigures(outcomes, Money::plain);
                writeDecimal(json, "usd_p50", figures.get(1));
                writeDecimal(json, "usd_p90", figures.get(2));
                writeDecimal(json, "usd_max", figures.get(3));
                writeDecimal(json, "usd_mean", figures.get(4));
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("total");
        fields(json, report.total, report.total);
        if (report.blendedCache != null) {
            cacheFields(json, report.blendedCache.total());
        }
        if (report.sharedCosts != null) {
            allocatedFields(json, report.total, report.sharedCosts.totalUsd);
        }
        json.writeEndObject();
        if (report.blendedCache != null) {
            cachePricing(json, report.blendedCache);
        }
        if (report.sharedCosts != null) {
            sharedCosts(json, report.sharedCosts);
        }
        json.writeObjectFieldStart("unattributed");
        json.writeNumberField("calls", report.unattributed.calls);
        if (report.unattributed.nothingPriced()) {
            json.writeNullField("cost_usd");
        } else {
            json.writeNumberField("cost_usd", new BigDecimal(Money.plain(report.unattributed.costUsd)));
        }
        json.writeEndObject();
        json.writeObjectFieldStart("calls_without_usage_by_status");
        for (Map.Entry<String, Long> status : report.withoutUsage.entrySet()) {
            json.writeNumberField(status.getKey(), status.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("expensive_calls");
        json.writeNumberField("threshold_usd", new BigDecimal(Money.plain(report.warnCallUsd)));
        json.writeNumberField("count", report.expensiveCalls.count());
        json.writeArrayFieldStart("costliest");
        for (ExpensiveCalls.Call call : report.expensiveCalls.costliest()) {
            json.writeStartObject();
            json.writeStringField("event_id", call.eventId());
            json.writeStringField("day", call.day());
            json.writeStringField("provider", call.provider());
            json.writeStringField("model", call.model());
            json.writeNumberField("cost_usd", new BigDecimal(Money.plain(call.costUsd())));
            json.writeStringField("feature", call.feature());
            json.writeStringField("customer", call.customer());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeObjectFieldStart("unpriced_calls_by_model");
        for (Map.Entry<String, Long> unpriced : report.unpricedByModel.entrySet()) {
            json.writeNumberField(unpriced.getKey(), unpriced.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("dropped_calls", dropped);
        if (!report.shards.isEmpty()) {
            json.writeArrayFieldStart("shards");
            for (String shard : report.shards) {
                json.writeString(shard);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.flush();
        out.println();
    }

    private static void fields(JsonGenerator json, ReportTotals t, ReportTotals total) throws IOException {
        json.writeNumberField("calls", t.calls);
        json.writeNumberField("input_tokens", t.inputTokens);
        json.writeNumberField("output_tokens", t.outputTokens);
        json.writeNumberField("cache_read_tokens", t.cacheReadTokens);
        json.writeNumberField("cache_write_tokens", t.cacheWriteTokens);
        json.writeNumberField("reasoning_tokens", t.reasoningTokens);
        if (t.nothingPriced()) {
            json.writeNullField("cost_usd");
        } else {
            json.writeNumberField("cost_usd", new BigDecimal(Money.plain(t.costUsd)));
        }
        writeDecimal(json, "share_pct", share(t.costUsd, total.costUsd, false));
        writeDecimal(json, "usd_per_call", exact(perCallUsd(t)));
        writeDecimal(json, "usd_per_1k_tokens", exact(perThousandTokensUsd(t)));
        writeDecimal(json, "day_over_day_pct", dayOverDay(t, false));
        json.writeNumberField("unpriced_calls", t.unpricedCalls);
        json.writeNumberField("usage_missing_calls", t.usageMissingCalls);
    }

    /** The blended view's row figures: beside the usual ones, under the same names in CSV and JSON. */
    private static final List<String> CACHE_FIELDS = List.of("blended_cost_usd", "actual_cost_usd",
            "cache_savings_usd");

    /** A row's blended, actual and savings figures written by {@code money}; blank when none of its calls pooled. */
    static List<String> cacheFigures(BlendedCache.Costs costs, Function<BigDecimal, String> money) {
        if (costs == null) {
            return List.of("", "", "");
        }
        return List.of(money.apply(costs.blendedUsd()), money.apply(costs.actualUsd()),
                money.apply(costs.cacheSavingsUsd()));
    }

    private static void cacheFields(JsonGenerator json, BlendedCache.Costs costs) throws IOException {
        List<String> figures = cacheFigures(costs, Money::plain);
        for (int i = 0; i < CACHE_FIELDS.size(); i++) {
            writeDecimal(json, CACHE_FIELDS.get(i), figures.get(i));
        }
    }

    /** How the blended view was made, and the pools and their rates, so every row's share can be checked. */
    private static void cachePricing(JsonGenerator json, BlendedCache blended) throws IOException {
        json.writeObjectFieldStart("cache_pricing");
        json.writeStringField("view", blended.option());
        json.writeStringField("method", blended.method());
        json.writeArrayFieldStart("pooled_by");
        for (String dimension : blended.pooledBy()) {
            json.writeString(dimension);
        }
        json.writeEndArray();
        json.writeNumberField("pooled_calls", blended.pooledCalls());
        json.writeObjectFieldStart("calls_not_pooled");
        json.writeNumberField("usage_missing", blended.usageMissingCalls());
        json.writeNumberField("unpriced", blended.unpricedCalls());
        json.writeEndObject();
        json.writeArrayFieldStart("pools");
        for (Map.Entry<List<String>, BlendedCache.Pool> pool : blended.pools().entrySet()) {
            json.writeStartObject();
            for (int i = 0; i < blended.pooledBy().size(); i++) {
                json.writeStringField(blended.pooledBy().get(i), pool.getKey().get(i));
            }
            json.writeNumberField("input_tokens", pool.getValue().inputTokens);
            json.writeNumberField("input_cost_usd", new BigDecimal(Money.plain(pool.getValue().inputCost)));
            writeDecimal(json, "usd_per_1m_input_tokens", exact(pool.getValue().usdPerMillionInputTokens()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** What people read below the table (and in the HTML notes): the method, and the calls it leaves out. */
    static List<String> cacheNotes(BlendedCache blended) {
        List<String> notes = new ArrayList<>(2);
        notes.add(blended.method());
        long notPooled = blended.usageMissingCalls() + blended.unpricedCalls();
        if (notPooled > 0) {
            notes.add(notPooled + " call" + (notPooled == 1 ? "" : "s") + " not pooled (" + blended.usageMissingCalls()
                    + " without usage, " + blended.unpricedCalls() + " unpriced): not in the blended, actual or "
                    + "savings figures");
        }
        return notes;
    }

    /** {@code allocated_cost_usd} and {@code total_cost_usd} (null when the direct cost is unknown). */
    private static void allocatedFields(JsonGenerator json, ReportTotals direct, BigDecimal allocated)
            throws IOException {
        json.writeNumberField("allocated_cost_usd", new BigDecimal(Money.plain(allocated)));
        BigDecimal total = ReportSharedCosts.total(direct, allocated);
        if (total == null) {
            json.writeNullField("total_cost_usd");
        } else {
            json.writeNumberField("total_cost_usd", new BigDecimal(Money.plain(total)));
        }
    }

    /** Every shared cost of the file, with what became of it in this report. */
    private static void sharedCosts(JsonGenerator json, ReportSharedCosts shared) throws IOException {
        json.writeArrayFieldStart("shared_costs");
        for (Map.Entry<SharedCost, String> status : shared.statuses.entrySet()) {
            SharedCost cost = status.getKey();
            json.writeStartObject();
            json.writeStringField("name", cost.name());
            json.writeStringField("period", cost.period().label());
            json.writeStringField("to", cost.to());
            json.writeStringField("allocate_by", cost.rule().id());
            json.writeNumberField("amount_usd", new BigDecimal(Money.plain(cost.amountUsd())));
            json.writeStringField("status", status.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** ALLOCATED and TOTAL of a row: the total is empty ("unpriced" in a table) when the direct cost is unknown. */
    private static List<String> allocatedFigures(ReportTotals direct, BigDecimal allocated,
                                                 Function<BigDecimal, String> money) {
        BigDecimal total = ReportSharedCosts.total(direct, allocated);
        return List.of(money.apply(allocated), total == null ? "" : money.apply(total));
    }

    private static void writeDecimal(JsonGenerator json, String name, String value) throws IOException {
        if (value.isEmpty() || value.equals("new")) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, new BigDecimal(value));
        }
    }

    /**
     * Outcomes, then the cost per outcome: median, 90th percentile, maximum, mean, each written by {@code money}
     * ({@link Money#plain} for files, {@link Money#display} for people).
     */
    static List<String> outcomeFigures(OutcomeCosts outcomes, Function<BigDecimal, String> money) {
        if (outcomes == null || outcomes.count() == 0) {
            return List.of("0", "", "", "", "");
        }
        return List.of(Integer.toString(outcomes.count()), money.apply(outcomes.percentile(50)),
                money.apply(outcomes.percentile(90)), money.apply(outcomes.percentile(100)),
                money.apply(outcomes.mean()));
    }

    /**
     * A row's figures as people read them (table and HTML): money as people write it, and the cost per token
     * per million tokens, where a price list states it, rather than a ten-decimal figure per thousand.
     */
    static List<Object> displayFigures(ReportTotals t, ReportTotals total) {
        long notPriced = t.unpricedCalls + t.usageMissingCalls;
        return List.of(t.calls, t.inputTokens, t.outputTokens,
                t.nothingPriced() ? "unpriced" : Money.display(t.costUsd), share(t.costUsd, total.costUsd, true),
                displayed(perCallUsd(t)), displayed(perMillionTokensUsd(t)), dayOverDay(t, true),
                notPriced == 0 ? "" : Long.toString(notPriced));
    }

    /** An exact amount for a file, or "" when there is none. */
    static String exact(BigDecimal amount) {
        return amount == null ? "" : Money.plain(amount);
    }

    /** An amount for people, or "" when there is none. */
    static String displayed(BigDecimal amount) {
        return amount == null ? "" : Money.display(amount);
    }

    private static String share(BigDecimal part, BigDecimal whole, boolean human) {
        if (whole.signum() == 0) {
            return "";
        }
        String value = part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP).toPlainString();
        return human ? value + "%" : value;
    }

    static String percent(BigDecimal part, BigDecimal whole) {
        String share = share(part, whole, true);
        return share.isEmpty() ? "0%" : share;
    }

    /** Over priced calls only; {@code null} when there are none. */
    private static BigDecimal perCallUsd(ReportTotals t) {
        return t.pricedCalls == 0 ? null : t.costUsd.divide(BigDecimal.valueOf(t.pricedCalls), 10,
                RoundingMode.HALF_EVEN);
    }

    /** The files' rate (other tools read {@code usd_per_1k_tokens}); {@code null} without priced tokens. */
    private static BigDecimal perThousandTokensUsd(ReportTotals t) {
        return perTokens(t, 1_000);
    }

    /** The rate people compare with price lists, which quote per million tokens. */
    private static BigDecimal perMillionTokensUsd(ReportTotals t) {
        return perTokens(t, 1_000_000);
    }

    private static BigDecimal perTokens(ReportTotals t, long tokens) {
        return t.pricedTokens == 0 ? null : t.costUsd.multiply(BigDecimal.valueOf(tokens))
                .divide(BigDecimal.valueOf(t.pricedTokens), 10, RoundingMode.HALF_EVEN);
    }

    /** The report's last day against the day before: "+12.5%", "new", or "" when neither had spend. */
    private static String dayOverDay(ReportTotals t, boolean human) {
        if (t.dayBeforeCost.signum() == 0) {
            return t.lastDayCost.signum() == 0 ? "" : "new";
        }
        BigDecimal change = t.lastDayCost.subtract(t.dayBeforeCost).multiply(BigDecimal.valueOf(100))
                .divide(t.dayBeforeCost, 1, RoundingMode.HALF_UP);
        String value = (change.signum() > 0 ? "+" : "") + change.toPlainString();
        return human ? value + "%" : value;
    }
}
