package dev.llmcost.collector.forecast;

import java.time.LocalDate;

/**
 * The recent days a forecast's rate is taken from, each as its spend divided by its weekday's factor: the level of
 * spend with the weekly rhythm taken out, so days of any weekdays can be averaged together. Their mean is the rate,
 * their standard deviation the range's spread, and their least-squares line the trend the range allows for.
 */
final class TrailingDays {

    private final WeekdayFactors factors;
    private final long[] days = new long[SpendForecaster.TRAILING_DAYS + 1];
    private final double[] levels = new double[SpendForecaster.TRAILING_DAYS + 1];
    private int size;

    TrailingDays(WeekdayFactors factors) {
        this.factors = factors;
    }

    void add(LocalDate day, double spend) {
        double factor = factors.of(day);
        // A weekday that spent nothing all history long says nothing about the level: it is forecast 0 anyway.
        if (factor == 0) {
            return;
        }
        days[size] = day.toEpochDay();
        levels[size] = spend / factor;
        size++;
    }

    int size() {
        return size;
    }

    double mean() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += levels[i];
        }
        return size == 0 ? 0 : sum / size;
    }

    /** The sample standard deviation (n - 1); 0 for fewer than two days. */
    double standardDeviation() {
        if (size < 2) {
            return 0;
        }
        double mean = mean();
        double squares = 0;
        for (int i = 0; i < size; i++) {
            squares += (levels[i] - mean) * (levels[i] - mean);
        }
        return Math.sqrt(squares / (size - 1));
    }

    /** The least-squares line through the days' levels: a function of the epoch day; the mean for fewer than two. */
    java.util.function.LongToDoubleFunction trend() {
        double mean = mean();
        if (size < 2) {
            return day -> mean;
        }
        double meanDay = 0;
        for (int i = 0; i < size; i++) {
            meanDay += days[i];
        }
        meanDay /= size;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < size; i++) {
            double offset = days[i] - meanDay;
            covariance += offset * (levels[i] - mean);
            variance += offset * offset;
        }
        double slope = covariance / variance;
        double centre = meanDay;
        return day -> mean + slope * (day - centre);
    }
}
