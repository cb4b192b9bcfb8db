package dev.llmcost.collector.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page — no CDN, no network: works offline and from an e-mail attachment.
 * Charts (spend over time stacked by feature, top customers, model mix, cost per outcome) are drawn as SVG by a
 * small script embedded with its data; the exact figures are in the table below them.
 */
final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOP_FEATURES = 7;
    private static final int TOP_CUSTOMERS = 10;
    private static final int TOP_MODELS = 7;

    /** The budgets drawn: the nearest to (or furthest past) their limit first. */
    private static final int TOP_BUDGETS = 12;

    private HtmlReport() {
    }

    /** Spent against the limit, with the forecast at period end, per budget instance. */
    private static void budgets(LedgerReport report, ArrayNode budgets) {
        report.budgets.stream()
                .sorted(Comparator.comparing(dev.llmcost.collector.budget.BudgetBook.Status::percent).reversed())
                .limit(TOP_BUDGETS)
                .forEach(status -> {
                    ObjectNode budget = budgets.addObject();
                    String scope = status.scope().isEmpty() ? "" : " " + String.join(" ", status.scope().entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
                    budget.put("name", status.budget().name() + scope);
                    budget.put("period", status.periodStart() + ".." + status.periodEnd());
                    budget.put("spent", status.spentUsd().doubleValue());
                    budget.put("limit", status.budget().limitUsd().doubleValue());
                    if (status.forecast().meaningful()) {
                        budget.put("forecast", status.forecast().expectedUsd().doubleValue());
                    }
                    budget.put("state", status.state());
                });
    }

    static void write(LedgerReport report, long dropped, PrintStream out) throws IOException {
        String template;
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report-template.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String title = "LLM spend " + report.since + " to " + report.until;
        out.print(template
                .replace("{{title}}", escape(title))
                .replace("{{summary}}", escape(report.total.calls + " calls, " + (report.total.nothingPriced()
                        ? "unpriced" : Money.display(report.total.costUsd)) + " by "
                        + String.join(", ", report.dimensions())))
                .replace("{{table}}", table(report))
                .replace("{{notes}}", notes(report, dropped))
                .replace("{{data}}", data(report).toString().replace("</", "<\\/")));
    }

    /** What the charts draw, as numbers for drawing only (the table has the exact figures). */
    private static ObjectNode data(LedgerReport report) {
        ObjectNode data = JSON.createObjectNode();
        budgets(report, data.putArray("budgets"));
        Map<String, BigDecimal> featureTotals = new java.util.HashMap<>();
        report.costByDayAndFeature.values().forEach(byFeature ->
                byFeature.forEach((feature, cost) -> featureTotals.merge(feature, cost, BigDecimal::add)));
        List<String> top = top(featureTotals, TOP_FEATURES);
        ArrayNode days = data.putArray("days");
        ArrayNode series = data.putArray("series");
        List<ArrayNode> values = new ArrayList<>();
        for (String feature : top) {
            ObjectNode one = series.addObject().put("name", feature);
            values.add(one.putArray("values"));
        }
        ArrayNode other = null;
        if (featureTotals.size() > top.size()) {
            other = series.addObject().put("name", "other").putArray("values");
        }
        for (Map.Entry<String, Map<String, BigDecimal>> day : report.costByDayAndFeature.entrySet()) {
            days.add(day.getKey());
            BigDecimal rest = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> cost : day.getValue().entrySet()) {
                if (!top.contains(cost.getKey())) {
                    rest = rest.add(cost.getValue());
                }
            }
            for (int i = 0; i < top.size(); i++) {
                values.get(i).add(day.getValue().getOrDefault(top.get(i), BigDecimal.ZERO).doubleValue());
            }
            if (other != null) {
                other.add(rest.doubleValue());
            }
        }
        items(data.putArray("customers"), report.costByCustomer, TOP_CUSTOMERS);
        items(data.putArray("models"), report.costByModel, TOP_MODELS);
        if (report.outcomeKey() != null) {
            ObjectNode outcomes = data.putObject("outcomes").put("key", report.outcomeKey());
            ArrayNode rows = outcomes.putArray("rows");
            for (Map.Entry<List<String>, ReportTotals> row : report.rows()) {
                OutcomeCosts costs = report.outcomes.get(row.getKey());
                if (costs != null && costs.count() > 0) {
                    rows.addObject().put("name", label(row.getKey()))
                            .put("p50", costs.percentile(50).doubleValue())
                            .put("p90", costs.percentile(90).doubleValue())
                            .put("max", costs.percentile(100).doubleValue());
                }
            }
        }
        return data;
    }

    private static void items(ArrayNode into, Map<String, BigDecimal> costs, int limit) {
        List<String> top = top(costs, limit);
        BigDecimal rest = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> cost : costs.entrySet()) {
            if (!top.contains(cost.getKey())) {
                rest = rest.add(cost.getValue());
            }
        }
        top.forEach(name -> into.addObject().put("name", name).put("cost", costs.get(name).doubleValue()));
        if (rest.signum() > 0) {
            into.addObject().put("name", "other").put("cost", rest.doubleValue());
        }
    }

    private static List<String> top(Map<String, BigDecimal> costs, int limit) {
        return costs.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    private static String table(LedgerReport report) {
        StringBuilder html = new StringBuilder("<table><thead><tr>");
        report.dimensions().forEach(d -> html.append("<th>").append(escape(d)).append("</th>"));
        for (String column : List.of("calls", "input tokens", "output tokens", "cost USD", "share", "USD per call",
                "USD per 1M tokens", "day over day", "not priced")) {
            html.append("<th class=num>").append(column).append("</th>");
        }
        if (report.outcomeKey() != null) {
            for (String column : List.of(report.outcomeKey() + "s", "p50", "p90", "max", "mean")) {
                html.append("<th class=num>").append(escape(column)).append("</th>");
            }
        }
        if (report.blendedCache != null) {
            for (String column : List.of("blended cost", "actual cost", "cache savings")) {
                html.append("<th class=num>").append(column).append("</th>");
            }
        }
        html.append("</tr></thead><tbody>");
        for (Map.Entry<List<String>, ReportTotals> row : report.rows()) {
            html.append("<tr>");
            row.getKey().forEach(v -> html.append("<td>").append(escape(v == null ? "-" : v)).append("</td>"));
            ReportWriter.displayFigures(row.getValue(), report.total)
                    .forEach(f -> html.append("<td class=num>").append(escape(f.toString())).append("</td>"));
            if (report.outcomeKey() != null) {
                ReportWriter.outcomeFigures(report.outcomes.get(row.getKey()), Money::display)
                        .forEach(f -> html.append("<td class=num>").append(escape(f.toString())).append("</td>"));
            }
            if (report.blendedCache != null) {
                ReportWriter.cacheFigures(report.blendedCache.costs(row.getKey()), Money::display)
                        .forEach(f -> html.append("<td class=num>").append(escape(f)).append("</td>"));
            }
            html.append("</tr>");
        }
        html.append("<tr class=total><td colspan=").append(report.dimensions().size()).append(">total</td>");
        ReportWriter.displayFigures(report.total, report.total)
                .forEach(f -> html.append("<td class=num>").append(escape(f.toString())).append("</td>"));
        if (report.blendedCache != null) {
            if (report.outcomeKey() != null) {
                html.append("<td colspan=5></td>");
            }
            ReportWriter.cacheFigures(report.blendedCache.total(), Money::display)
                    .forEach(f -> html.append("<td class=num>").append(escape(f)).append("</td>"));
        }
        return html.append("</tr></tbody></table>").toString();
    }

    private static String notes(LedgerReport report, long dropped) {
        List<String> notes = new ArrayList<>();
        if (report.unattributed.calls > 0) {
            notes.add("Unattributed (no feature, customer or team): " + ReportWriter.percent(report.unattributed.costUsd,
                    report.total.costUsd) + " of cost, " + report.unattributed.calls + " calls.");
        }
        report.unpricedByModel.forEach((model, calls) -> notes.add(calls + " call" + (calls == 1 ? "" : "s") + " to "
                + model + " unpriced: no price in the catalog (not counted in the cost)."));
        if (report.total.usageMissingCalls > 0) {
            notes.add(report.total.usageMissingCalls + " calls reported no usage (" + ReportWriter.byCount(
                    report.withoutUsage) + "; not counted in the cost).");
        }
        if (report.expensiveCalls.count() > 0) {
            notes.add(report.expensiveCalls.count() + " call" + (report.expensiveCalls.count() == 1 ? "" : "s")
                    + " cost more than " + Money.display(report.warnCallUsd) + " each; check: " + report.expensiveCalls
                    .costliest().stream().map(ExpensiveCalls.Call::describe)
                    .collect(java.util.stream.Collectors.joining("; ")) + ".");
        }
        if (dropped > 0) {
            notes.add("Agents could not record " + dropped + " calls.");
        }
        if (report.shardsRead != null) {
            notes.add("Shards: " + report.shardsRead + ".");
        }
        if (report.blendedCache != null) {
            ReportWriter.cacheNotes(report.blendedCache).forEach(note -> notes.add("Cache pricing: " + note + "."));
        }
        StringBuilder html = new StringBuilder();
        notes.forEach(note -> html.append("<li>").append(escape(note)).append("</li>"));
        return html.toString();
    }

    private static String label(List<String> key) {
        return String.join(" / ", key.stream().map(v -> v == null ? "-" : v).toList());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
