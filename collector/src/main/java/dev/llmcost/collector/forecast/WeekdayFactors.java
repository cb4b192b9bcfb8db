package dev.llmcost.collector.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

/**
 * How much a weekday spends against the average day: that weekday's mean over the history, divided by the mean of
 * the seven weekday means (not of all days, so a history that is not whole weeks does not tilt the average toward
 * the weekdays it has one more of). The factors average to 1; {@link #FLAT} is 1 for every day.
 */
final class WeekdayFactors {

    static final WeekdayFactors FLAT = new WeekdayFactors(null);

    /** By {@link DayOfWeek#ordinal()}; {@code null} for flat. */
    private final double[] factors;

    private WeekdayFactors(double[] factors) {
        this.factors = factors;
    }

    /** From the complete days {@code first..last} of {@code dailySpend} (absent days spent 0). */
    static WeekdayFactors of(Map<LocalDate, Double> dailySpend, LocalDate first, LocalDate last) {
        double[] sums = new double[7];
        int[] counts = new int[7];
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            int weekday = day.getDayOfWeek().ordinal();
            sums[weekday] += dailySpend.getOrDefault(day, 0.0);
            counts[weekday]++;
        }
        double[] means = new double[7];
        double sumOfMeans = 0;
        for (int weekday = 0; weekday < 7; weekday++) {
            means[weekday] = counts[weekday] == 0 ? 0 : sums[weekday] / counts[weekday];
            sumOfMeans += means[weekday];
        }
        if (sumOfMeans <= 0) {
            return FLAT;
        }
        double overall = sumOfMeans / 7;
        double[] factors = new double[7];
        for (int weekday = 0; weekday < 7; weekday++) {
            factors[weekday] = means[weekday] / overall;
        }
        return new WeekdayFactors(factors);
    }

    double of(LocalDate day) {
        return factors == null ? 1 : factors[day.getDayOfWeek().ordinal()];
    }

    boolean flat() {
        return factors == null;
    }
}
