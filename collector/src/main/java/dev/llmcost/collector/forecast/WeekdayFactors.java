package dev.llmcost.collector.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * How much a weekday spends against the average day: that weekday's mean over the history, divided by the mean of
 * the seven weekday means (not of all days, so a history that is not whole weeks does not tilt the average toward
 * the weekdays it has one more of). The factors average to 1; {@link #FLAT} is 1 for every day.
 */
final class WeekdayFactors {

    static final WeekdayFactors FLAT = new WeekdayFactors(new EnumMap<>(DayOfWeek.class));

    private final Map<DayOfWeek, BigDecimal> factors;

    private WeekdayFactors(Map<DayOfWeek, BigDecimal> factors) {
        this.factors = factors;
    }

    /** From the complete days {@code first..last} of {@code dailySpend} (absent days spent 0). */
    static WeekdayFactors of(SortedMap<LocalDate, BigDecimal> dailySpend, LocalDate first, LocalDate last,
                             MathContext math) {
        Map<DayOfWeek, BigDecimal> sums = new EnumMap<>(DayOfWeek.class);
        Map<DayOfWeek, Integer> counts = new EnumMap<>(DayOfWeek.class);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            sums.merge(day.getDayOfWeek(), dailySpend.getOrDefault(day, BigDecimal.ZERO), BigDecimal::add);
            counts.merge(day.getDayOfWeek(), 1, Integer::sum);
        }
        Map<DayOfWeek, BigDecimal> means = new EnumMap<>(DayOfWeek.class);
        BigDecimal sumOfMeans = BigDecimal.ZERO;
        for (DayOfWeek weekday : DayOfWeek.values()) {
            BigDecimal mean = sums.get(weekday).divide(BigDecimal.valueOf(counts.get(weekday)), math);
            means.put(weekday, mean);
            sumOfMeans = sumOfMeans.add(mean);
        }
        if (sumOfMeans.signum() <= 0) {
            return FLAT;
        }
        BigDecimal overall = sumOfMeans.divide(BigDecimal.valueOf(7), math);
        Map<DayOfWeek, BigDecimal> factors = new EnumMap<>(DayOfWeek.class);
        means.forEach((weekday, mean) -> factors.put(weekday, mean.divide(overall, math)));
        return new WeekdayFactors(factors);
    }

    BigDecimal of(LocalDate day) {
        return factors.getOrDefault(day.getDayOfWeek(), BigDecimal.ONE);
    }

    boolean flat() {
        return factors.isEmpty();
    }
}
