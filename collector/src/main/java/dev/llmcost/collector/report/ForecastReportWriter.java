package dev.llmcost.collector.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.collector.forecast.Forecast;
import dev.llmcost.collector.forecast.SpendForecaster;
import dev.llmcost.collector.write.Csv;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a {@link ForecastReport} as a terminal table, CSV or JSON: the same rows and figures in each. */
public final class ForecastReportWriter {

    private ForecastReportWriter() {
    }

    public static void write(ForecastReport report, String format, PrintStream out) throws IOException {
        switch (format) {
            case "table" -> table(report, out);
            case "csv" -> csv(report, out);
            case "json" -> json(report, out);
            default -> throw new IllegalArgumentException("unknown format '" + format
                    + "' for a forecast (table, csv, json)");
        }
    }

    private static void table(ForecastReport report, PrintStream out) {
        out.println("llmcost forecast for the " + report.period.label() + " " + report.periodStart + " to "
                + report.periodEnd + " by " + String.join(", ", report.dimensions) + ", as of "
                + (report.asOfDayComplete ? "the end of " + report.asOfDay : report.asOf + " (the latest call)")
                + ": UTC days, priced calls");
        List<String> header = new ArrayList<>();
        report.dimensions.forEach(dimension -> header.add(dimension.toUpperCase(Locale.ROOT)));
        header.addAll(List.of("SPENT_USD", "FORECAST_USD", "LOW_USD", "HIGH_USD", "METHOD"));
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (ForecastReport.Row row : report.rows) {
            List<Object> cells = new ArrayList<>();
            row.key().forEach(value -> cells.add(value == null ? "-" : value));
            cells.addAll(figures(row));
            table.row(cells.toArray());
        }
        List<Object> total = new ArrayList<>();
        total.add("TOTAL");
        for (int i = 1; i < report.dimensions.size(); i++) {
            total.add("");
        }
        total.addAll(figures(report.total));
        table.row(total.toArray());
        table.print(out);
        if (!report.total.forecast().meaningful()
                || report.rows.stream().anyMatch(row -> !row.forecast().meaningful())) {
            out.println("* fewer than " + SpendForecaster.MEANINGFUL_MIN_DAYS
                    + " complete days of spend so far: a rough guide, not yet a forecast");
        }
    }

    /** Spent, expected (starred when not meaningful), low, high, method. */
    private static List<Object> figures(ForecastReport.Row row) {
        Forecast forecast = row.forecast();
        return List.of(Money.display(row.spentUsd()), Money.display(forecast.expectedUsd())
                        + (forecast.meaningful() ? "" : "*"), Money.display(forecast.lowUsd()),
                Money.display(forecast.highUsd()), forecast.method());
    }

    private static void csv(ForecastReport report, PrintStream out) {
        List<String> header = new ArrayList<>(report.dimensions);
        header.addAll(List.of("period_start", "period_end", "spent_usd", "forecast_usd", "forecast_low_usd",
                "forecast_high_usd", "method", "meaningful"));
        out.print(Csv.line(header));
        for (ForecastReport.Row row : report.rows) {
            List<String> cells = new ArrayList<>();
            row.key().forEach(value -> cells.add(value == null ? "" : value));
            Forecast forecast = row.forecast();
            cells.addAll(List.of(report.periodStart.toString(), report.periodEnd.toString(),
                    Money.plain(row.spentUsd()), Money.plain(forecast.expectedUsd()), Money.plain(forecast.lowUsd()),
                    Money.plain(forecast.highUsd()), forecast.method(), Boolean.toString(forecast.meaningful())));
            out.print(Csv.line(cells));
        }
    }

    private static void json(ForecastReport report, PrintStream out) throws IOException {
        JsonGenerator json = JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build().createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeStringField("period", report.period.label());
        json.writeStringField("period_start", report.periodStart.toString());
        json.writeStringField("period_end", report.periodEnd.toString());
        json.writeStringField("as_of_day", report.asOfDay.toString());
        json.writeStringField("as_of", report.asOf.toString());
        json.writeArrayFieldStart("by");
        for (String dimension : report.dimensions) {
            json.writeString(dimension);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        for (ForecastReport.Row row : report.rows) {
            json.writeStartObject();
            for (int i = 0; i < report.dimensions.size(); i++) {
                json.writeStringField(report.dimensions.get(i), row.key().get(i));
            }
            fields(json, report, row);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("total");
        fields(json, report, report.total);
        json.writeEndObject();
        json.writeEndObject();
        json.flush();
        out.println();
    }

    private static void fields(JsonGenerator json, ForecastReport report, ForecastReport.Row row) throws IOException {
        Forecast forecast = row.forecast();
        json.writeStringField("period_start", report.periodStart.toString());
        json.writeStringField("period_end", report.periodEnd.toString());
        writeMoney(json, "spent_usd", row.spentUsd());
        writeMoney(json, "forecast_usd", forecast.expectedUsd());
        writeMoney(json, "forecast_low_usd", forecast.lowUsd());
        writeMoney(json, "forecast_high_usd", forecast.highUsd());
        json.writeStringField("method", forecast.method());
        json.writeBooleanField("meaningful", forecast.meaningful());
    }

    private static void writeMoney(JsonGenerator json, String name, BigDecimal amount) throws IOException {
        json.writeNumberField(name, new BigDecimal(Money.plain(amount)));
    }
}
