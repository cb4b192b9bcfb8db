package dev.llmcost.collector.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * A period's total spend forecast from the days so far. Pure: the same series gives the same forecast.
 *
 * <p><b>History</b> starts at the first day of the series with spend (days before it are unknown, not 0); after it,
 * an absent day spent 0. A day is complete when it is before the as-of day, or is the as-of day with all of it
 * elapsed.
 *
 * <p><b>Expected</b> = spent so far + the rate × each remaining day of the period (the rest of the as-of day counts
 * as its unelapsed fraction). The <b>rate</b> is the mean of the trailing {@value #TRAILING_DAYS} days: the complete
 * days before the as-of day, and the as-of day itself, extrapolated from its elapsed fraction, once at least
 * {@value #PARTIAL_DAY_MIN_FRACTION} of it has elapsed (an hour of a day says little; before then it is left out,
 * unless there is nothing else). <b>Weekday-aware</b> once the history holds {@value #WEEKDAY_MIN_DAYS} complete
 * days (two of each weekday): factors per weekday from the last {@value #HISTORY_DAYS} complete days (see
 * {@link WeekdayFactors}), the trailing days divided by their weekday's factor before they are averaged, and each
 * remaining day forecast as the rate × its weekday's factor. Under steady growth the mean lags: it is the level of
 * the middle of the trailing week, about three days back, so expected is low, and the range's high (the trend)
 * is what follows the growth.
 *
 * <p><b>Range</b>: low and high are the lower and the higher of two paths for the remaining days: the rate ∓ one
 * sample standard deviation of the trailing days (never below 0), and the trailing days' least-squares line
 * continued to each remaining day (never below 0). So constant or exactly weekly spend has no range, noisy spend
 * the spread of its days, and a trend in either direction widens the range on its side. With fewer than two
 * trailing days there is no spread to measure: low is the spend so far and high twice the expected remainder.
 * Low is never below the spend so far.
 *
 * <p><b>Meaningful</b> once the history has {@value #MEANINGFUL_MIN_DAYS} complete days: before that, a budget
 * does not alert on the forecast. A period that has ended is its spend, meaningful.
 *
 * <p>The spend so far is exact; what is forecast beyond it is an estimate, worked in double precision (fifteen
 * significant digits: budgets forecast tens of thousands of instances), and the figures are given to
 * {@value #SCALE} decimals, rounded {@link RoundingMode#HALF_EVEN}.
 */
public final class SpendForecaster {

    /** The trailing days the rate is the mean of. */
    public static final int TRAILING_DAYS = 7;
    /** Complete days of history before the forecast turns weekday-aware: two of each weekday. */
    public static final int WEEKDAY_MIN_DAYS = 14;
    /** The days before the as-of day a forecast looks at (the weekday factors' window: four weeks). */
    public static final int HISTORY_DAYS = 28;
    /** The as-of day's elapsed fraction from which its spend, extrapolated, counts as a trailing day. */
    public static final double PARTIAL_DAY_MIN_FRACTION = 0.5;
    /** Complete days of history before a forecast is meaningful. */
    public static final int MEANINGFUL_MIN_DAYS = 3;
    /** Decimals of the forecast's figures. */
    public static final int SCALE = 6;

    private final boolean weekdayAware;

    public SpendForecaster() {
        this(true);
    }

    private SpendForecaster(boolean weekdayAware) {
        this.weekdayAware = weekdayAware;
    }

    /** One that never uses the weekday pattern: the plain trailing mean, for spend with no weekly rhythm. */
    public static SpendForecaster withoutWeekdayPattern() {
        return new SpendForecaster(false);
    }

    /**
     * dailySpend: spend per calendar day (in the budget's timezone) for days up to and including asOfDay,
     * days without spend may be absent (= 0); history before periodStart may be included (used for the
     * rate/weekday pattern). spentInPeriod: exact spend from periodStart to the asOf instant.
     * fractionOfAsOfDayElapsed in [0,1]. Returns the forecast total spend for [periodStart, periodEnd] (periodEnd
     * inclusive). Days after asOfDay in dailySpend are ignored.
     */
    public Forecast forecast(SortedMap<LocalDate, BigDecimal> dailySpend, LocalDate periodStart, LocalDate periodEnd,
                             LocalDate asOfDay, double fractionOfAsOfDayElapsed, BigDecimal spentInPeriod) {
        if (periodEnd.isBefore(periodStart)) {
            throw new IllegalArgumentException("period ends " + periodEnd + " before it starts " + periodStart);
        }
        if (!(fractionOfAsOfDayElapsed >= 0 && fractionOfAsOfDayElapsed <= 1)) {
            throw new IllegalArgumentException("elapsed fraction of the as-of day is not in [0, 1]: "
                    + fractionOfAsOfDayElapsed);
        }
        if (asOfDay.isAfter(periodEnd)) {
            return point(spentInPeriod, true, "period_ended");
        }
        SortedMap<LocalDate, BigDecimal> upToAsOf = dailySpend.headMap(asOfDay.plusDays(1));
        Map<LocalDate, Double> known = new HashMap<>();
        LocalDate historyStart = null;
        for (Map.Entry<LocalDate, BigDecimal> day : upToAsOf.entrySet()) {
            known.put(day.getKey(), day.getValue().doubleValue());
            if (historyStart == null && day.getValue().signum() > 0) {
                historyStart = day.getKey();
            }
        }
        if (historyStart == null) {
            return point(spentInPeriod, false, "no_history");
        }
        double elapsed = fractionOfAsOfDayElapsed;
        LocalDate lastComplete = elapsed >= 1 ? asOfDay : asOfDay.minusDays(1);
        long completeDays = Math.max(0, ChronoUnit.DAYS.between(historyStart, lastComplete) + 1);

        WeekdayFactors factors = WeekdayFactors.FLAT;
        if (weekdayAware && completeDays >= WEEKDAY_MIN_DAYS) {
            LocalDate windowStart = lastComplete.minusDays(HISTORY_DAYS - 1);
            factors = WeekdayFactors.of(known, windowStart.isBefore(historyStart) ? historyStart : windowStart,
                    lastComplete);
        }
        TrailingDays trailing = trailingDays(known, factors, historyStart, lastComplete, asOfDay, elapsed);

        double rate = trailing.mean();
        double spread = trailing.standardDeviation();
        java.util.function.LongToDoubleFunction trend = trailing.trend();
        double remainingWeight = 0;
        double trendPath = 0;
        LocalDate first = asOfDay.isBefore(periodStart) ? periodStart : asOfDay;
        for (LocalDate day = first; !day.isAfter(periodEnd); day = day.plusDays(1)) {
            double share = day.equals(asOfDay) ? 1 - elapsed : 1;
            double weight = factors.of(day) * share;
            remainingWeight += weight;
            trendPath += Math.max(0, trend.applyAsDouble(day.toEpochDay())) * weight;
        }
        double expected = rate * remainingWeight;
        double low;
        double high;
        if (trailing.size() < 2) {
            low = 0;
            high = expected * 2;
        } else {
            low = Math.min(Math.max(0, rate - spread) * remainingWeight, trendPath);
            high = Math.max((rate + spread) * remainingWeight, trendPath);
        }
        BigDecimal spent = money(spentInPeriod);
        String method = "trailing_mean_" + trailing.size() + "d" + (factors.flat() ? "" : "_by_weekday");
        return new Forecast(money(spentInPeriod.add(decimal(expected))),
                money(spentInPeriod.add(decimal(low))).max(spent), money(spentInPeriod.add(decimal(high))),
                completeDays >= MEANINGFUL_MIN_DAYS, method);
    }

    /** The trailing days, latest first: the as-of day so far when enough of it has elapsed, then complete days. */
    private static TrailingDays trailingDays(Map<LocalDate, Double> known, WeekdayFactors factors,
                                             LocalDate historyStart, LocalDate lastComplete, LocalDate asOfDay,
                                             double elapsed) {
        TrailingDays trailing = new TrailingDays(factors);
        boolean partial = elapsed < 1;
        if (partial && elapsed >= PARTIAL_DAY_MIN_FRACTION) {
            trailing.add(asOfDay, known.getOrDefault(asOfDay, 0.0) / elapsed);
        }
        for (LocalDate day = lastComplete; trailing.size() < TRAILING_DAYS && !day.isBefore(historyStart);
             day = day.minusDays(1)) {
            trailing.add(day, known.getOrDefault(day, 0.0));
        }
        // Nothing else to go on (the history is the as-of day, not half over): its spend so far, however little.
        if (trailing.size() == 0 && partial && elapsed > 0) {
            trailing.add(asOfDay, known.getOrDefault(asOfDay, 0.0) / elapsed);
        }
        return trailing;
    }

    /** An estimate as a decimal, to the forecast's scale (a double's own digits beyond it are noise). */
    private static BigDecimal decimal(double estimate) {
        return BigDecimal.valueOf(estimate).setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    private static Forecast point(BigDecimal spent, boolean meaningful, String method) {
        BigDecimal amount = money(spent);
        return new Forecast(amount, amount, amount, meaningful, method);
    }


    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
