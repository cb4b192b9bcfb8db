package dev.llmcost.collector.report;

import dev.llmcost.collector.read.LedgerDimensions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.forecast.Forecast;
import dev.llmcost.collector.forecast.SpendForecaster;
import dev.llmcost.collector.aggregate.CalendarPeriod;
import dev.llmcost.collector.read.LedgerFiles;
import dev.llmcost.collector.read.OutputSet;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Each group's spend forecast to the end of the period it is in ({@code report --forecast}), over UTC days and
 * priced calls, as the cost columns of a report. Read in one pass over the days a forecast looks at (the period
 * so far and {@link SpendForecaster#HISTORY_DAYS} before the as-of day), with one daily series per group.
 *
 * <p>The as-of day is the ledger's last day unless named, so a report of an old ledger is the same whenever it
 * runs; calls after it are not read. It counts as complete when the ledger has later days; otherwise it is taken to
 * have run to its latest call, whose time of day is the fraction of it elapsed.
 */
public final class ForecastReport {

    final List<String> dimensions;
    final CalendarPeriod period;
    final LocalDate periodStart;
    final LocalDate periodEnd;
    final LocalDate asOfDay;
    /** Whether the as-of day was over: the ledger goes on after it. */
    final boolean asOfDayComplete;
    /** The instant the forecast is as of: the latest call of the as-of day, or the end of it when it is complete. */
    final Instant asOf;
    final List<Row> rows;
    final Row total;

    /** A group's spend in the period so far and its forecast total. */
    record Row(List<String> key, BigDecimal spentUsd, Forecast forecast) {
    }

    private ForecastReport(List<String> dimensions, CalendarPeriod period, LocalDate periodStart, LocalDate periodEnd,
                           LocalDate asOfDay, boolean asOfDayComplete, Instant asOf, List<Row> rows, Row total) {
        this.dimensions = dimensions;
        this.period = period;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.asOfDay = asOfDay;
        this.asOfDayComplete = asOfDayComplete;
        this.asOf = asOf;
        this.rows = rows;
        this.total = total;
    }

    /** @param asOfDay the UTC day to forecast from, or {@code null} for the ledger's last day */
    public static ForecastReport read(OutputSet out, List<String> dimensions, CalendarPeriod period, LocalDate asOfDay)
            throws IOException {
        LedgerReport.checkDimensions(dimensions);
        if (dimensions.contains("day") || dimensions.contains("hour")) {
            throw new IllegalArgumentException("a forecast is per period: group it by something other than day or "
                    + "hour");
        }
        LedgerFiles ledger = out.ledger(null, null);
        LocalDate day = asOfDay != null ? asOfDay
                : ledger.isEmpty() ? LocalDate.now(ZoneOffset.UTC) : ledger.lastDay();
        boolean dayComplete = !out.ledger(day.plusDays(1), null).isEmpty();
        LocalDate periodStart = period.start(day);
        LocalDate periodEnd = period.end(day);
        LocalDate historyStart = day.minusDays(SpendForecaster.HISTORY_DAYS);
        Series series = new Series(dimensions, day);
        out.ledger(periodStart.isBefore(historyStart) ? periodStart : historyStart, day)
                .forEachRow(series::add);

        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant asOf = dayComplete ? dayStart.plus(1, ChronoUnit.DAYS)
                : series.latestCall != null ? series.latestCall : dayStart;
        double elapsed = Duration.between(dayStart, asOf).toMillis() / (double) Duration.ofDays(1).toMillis();
        ForecastOf forecastOf = new ForecastOf(new SpendForecaster(), periodStart, periodEnd, day, elapsed);
        List<Row> rows = new ArrayList<>();
        series.byGroup.forEach((key, spend) -> rows.add(forecastOf.row(key, spend)));
        rows.sort(Comparator.comparing((Row row) -> row.forecast().expectedUsd()).reversed()
                .thenComparing(row -> String.valueOf(row.key())));
        return new ForecastReport(List.copyOf(dimensions), period, periodStart, periodEnd, day, dayComplete, asOf,
                rows, forecastOf.row(List.of(), series.total));
    }

    /** The forecast of one series over the report's period, as of its instant. */
    private record ForecastOf(SpendForecaster forecaster, LocalDate periodStart, LocalDate periodEnd, LocalDate day,
                              double elapsed) {

        Row row(List<String> key, SortedMap<LocalDate, BigDecimal> spend) {
            BigDecimal spent = spend.subMap(periodStart, day.plusDays(1)).values().stream()
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            return new Row(key, spent, forecaster.forecast(spend, periodStart, periodEnd, day, elapsed, spent));
        }
    }

    /** Priced spend per UTC day, per group and in total, and the latest call of the as-of day. */
    private static final class Series {

        private final List<String> dimensions;
        private final String asOfDay;
        final Map<List<String>, SortedMap<LocalDate, BigDecimal>> byGroup = new HashMap<>();
        final SortedMap<LocalDate, BigDecimal> total = new TreeMap<>();
        Instant latestCall;

        Series(List<String> dimensions, LocalDate asOfDay) {
            this.dimensions = dimensions;
            this.asOfDay = asOfDay.toString();
        }

        void add(JsonNode row) {
            String timestamp = row.path("timestamp").asText();
            if (timestamp.startsWith(asOfDay)) {
                Instant call = Instant.parse(timestamp);
                if (latestCall == null || call.isAfter(latestCall)) {
                    latestCall = call;
                }
            }
            JsonNode cost = row.get("cost_usd");
            if (cost == null || cost.isNull()) {
                return;
            }
            LocalDate day = LocalDate.parse(timestamp.substring(0, 10));
            List<String> key = new ArrayList<>(dimensions.size());
            for (String dimension : dimensions) {
                key.add(LedgerDimensions.value(row, dimension));
            }
            byGroup.computeIfAbsent(key, k -> new TreeMap<>()).merge(day, cost.decimalValue(), BigDecimal::add);
            total.merge(day, cost.decimalValue(), BigDecimal::add);
        }
    }
}
