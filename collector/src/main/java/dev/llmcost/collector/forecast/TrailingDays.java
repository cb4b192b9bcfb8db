package dev.llmcost.collector.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent days a forecast's rate is taken from, each as its spend divided by its weekday's factor: the level of
 * spend with the weekly rhythm taken out, so days of any weekdays can be averaged together. Their mean is the rate,
 * their standard deviation the range's spread, and their least-squares line the trend the range allows for.
 */
final class TrailingDays {

    private final WeekdayFactors factors;
    private final MathContext math;
    private final List<Long> days = new ArrayList<>();
    private final List<BigDecimal> levels = new ArrayList<>();

    TrailingDays(WeekdayFactors factors, MathContext math) {
        this.factors = factors;
        this.math = math;
    }

    void add(LocalDate day, BigDecimal spend) {
        BigDecimal factor = factors.of(day);
        // A weekday that spent nothing all history long says nothing about the level: it is forecast 0 anyway.
        if (factor.signum() == 0) {
            return;
        }
        days.add(day.toEpochDay());
        levels.add(spend.divide(factor, math));
        line = null;
        mean = null;
    }

    int size() {
        return levels.size();
    }

    BigDecimal mean() {
        if (mean == null) {
            mean = levels.isEmpty() ? BigDecimal.ZERO : sum(levels).divide(BigDecimal.valueOf(levels.size()), math);
        }
        return mean;
    }

    private BigDecimal mean;

    /** The sample standard deviation (n - 1); 0 for fewer than two days. */
    BigDecimal standardDeviation() {
        if (levels.size() < 2) {
            return BigDecimal.ZERO;
        }
        BigDecimal mean = mean();
        BigDecimal squares = BigDecimal.ZERO;
        for (BigDecimal level : levels) {
            squares = squares.add(level.subtract(mean).pow(2, math));
        }
        return squares.divide(BigDecimal.valueOf(levels.size() - 1), math).sqrt(math);
    }

    /** The least-squares line through the days' levels, continued to {@code day}; the mean for fewer than two days. */
    BigDecimal trendAt(LocalDate day) {
        if (levels.size() < 2) {
            return mean();
        }
        if (line == null) {
            // Fitted once per set of days: a forecast continues it to every remaining day of the period.
            BigDecimal meanDay = sum(days.stream().map(BigDecimal::valueOf).toList())
                    .divide(BigDecimal.valueOf(days.size()), math);
            BigDecimal mean = mean();
            BigDecimal covariance = BigDecimal.ZERO;
            BigDecimal variance = BigDecimal.ZERO;
            for (int i = 0; i < levels.size(); i++) {
                BigDecimal offset = BigDecimal.valueOf(days.get(i)).subtract(meanDay);
                covariance = covariance.add(offset.multiply(levels.get(i).subtract(mean), math));
                variance = variance.add(offset.pow(2, math));
            }
            line = new Line(meanDay, mean, covariance.divide(variance, math));
        }
        return line.mean.add(line.slope.multiply(BigDecimal.valueOf(day.toEpochDay()).subtract(line.meanDay), math),
                math);
    }

    private record Line(BigDecimal meanDay, BigDecimal mean, BigDecimal slope) {
    }

    private Line line;

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
