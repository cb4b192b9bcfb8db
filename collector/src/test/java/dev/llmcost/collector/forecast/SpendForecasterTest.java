package dev.llmcost.collector.forecast;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forecasts of synthetic months whose true total is known: constant, growing, weekly, noisy, just begun. */
class SpendForecasterTest {

    /** June 2026: 30 days, from a Monday. */
    private static final LocalDate JUNE = LocalDate.of(2026, 6, 1);
    private static final LocalDate JUNE_END = LocalDate.of(2026, 6, 30);
    /** November 2026: 30 days, from a Sunday. */
    private static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);
    private static final LocalDate NOVEMBER_END = LocalDate.of(2026, 11, 30);

    private final SpendForecaster forecaster = new SpendForecaster();

    /** The spend of each day {@code from..to}, as {@code perDay} says. */
    private static SortedMap<LocalDate, BigDecimal> series(LocalDate from, LocalDate to,
                                                           Function<LocalDate, BigDecimal> perDay) {
        SortedMap<LocalDate, BigDecimal> series = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            series.put(day, perDay.apply(day));
        }
        return series;
    }

    private static BigDecimal total(SortedMap<LocalDate, BigDecimal> series, LocalDate from, LocalDate to) {
        return series.subMap(from, to.plusDays(1)).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private static void assertOrdered(Forecast forecast, BigDecimal spent) {
        assertTrue(forecast.lowUsd().compareTo(spent) >= 0, "low " + forecast + " is not below spent " + spent);
        assertTrue(forecast.lowUsd().compareTo(forecast.expectedUsd()) <= 0, forecast.toString());
        assertTrue(forecast.expectedUsd().compareTo(forecast.highUsd()) <= 0, forecast.toString());
    }

    @Test
    void aConstantMonthIsForecastExactlyWithNoRange() {
        // $10 a day; on the morning of June 12, 11 days are complete: 110 spent, 19 days to go at 10.
        SortedMap<LocalDate, BigDecimal> days = series(JUNE, LocalDate.of(2026, 6, 11), day -> usd("10"));
        Forecast forecast = forecaster.forecast(days, JUNE, JUNE_END, LocalDate.of(2026, 6, 12), 0, usd("110"));
        assertEquals(usd("300.000000"), forecast.expectedUsd());
        assertEquals(forecast.expectedUsd(), forecast.lowUsd());
        assertEquals(forecast.expectedUsd(), forecast.highUsd());
        assertTrue(forecast.meaningful());
        assertEquals("trailing_mean_7d", forecast.method());

        // With May before it, the history is long enough to be weekday-aware: every factor is 1, the same 300.
        SortedMap<LocalDate, BigDecimal> withMay = series(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 6, 11),
                day -> usd("10"));
        Forecast weekdayAware = forecaster.forecast(withMay, JUNE, JUNE_END, LocalDate.of(2026, 6, 12), 0,
                usd("110"));
        assertEquals(usd("300.000000"), weekdayAware.expectedUsd());
        assertEquals(weekdayAware.expectedUsd(), weekdayAware.highUsd());
        assertEquals("trailing_mean_7d_by_weekday", weekdayAware.method());
    }

    /**
     * Spend growing $10 a day (day n spends 10n). The trailing mean is the level of the middle of the trailing week,
     * so expected lags the growth: spent + mean(days 5..11) × 19 = 660 + 80 × 19 = 2180, below the true 4650. The
     * trend the range continues is exact for a straight line, so high is the true total.
     */
    @Test
    void aLinearlyGrowingMonthIsWithinTheRangeWithTheTrendAsItsHigh() {
        SortedMap<LocalDate, BigDecimal> month = series(JUNE, JUNE_END,
                day -> BigDecimal.valueOf(10L * day.getDayOfMonth()));
        BigDecimal truth = total(month, JUNE, JUNE_END);
        assertEquals(usd("4650"), truth);
        BigDecimal spent = total(month, JUNE, LocalDate.of(2026, 6, 11));
        Forecast forecast = forecaster.forecast(month, JUNE, JUNE_END, LocalDate.of(2026, 6, 12), 0, spent);
        assertEquals(usd("2180.000000"), forecast.expectedUsd(), "days after the as-of day are not looked at");
        assertEquals(0, truth.compareTo(forecast.highUsd()), forecast.toString());
        assertTrue(forecast.lowUsd().compareTo(truth) <= 0);
        assertOrdered(forecast, spent);
    }

    /**
     * Weekdays $100, weekends $20. On the morning of November 15, 14 days are complete (two of each weekday): the
     * weekday-aware forecast knows the 16 days left are two weeks, a Sunday and a Monday (1200); the flat one
     * prices them all at the week's mean of 77.14 (1234.29).
     */
    @Test
    void aWeeklyPatternIsForecastCloserWhenWeekdayAware() {
        Function<LocalDate, BigDecimal> weekly = day -> day.getDayOfWeek() == DayOfWeek.SATURDAY
                || day.getDayOfWeek() == DayOfWeek.SUNDAY ? usd("20") : usd("100");
        SortedMap<LocalDate, BigDecimal> month = series(NOVEMBER, NOVEMBER_END, weekly);
        BigDecimal truth = total(month, NOVEMBER, NOVEMBER_END);
        assertEquals(usd("2280"), truth);
        LocalDate asOf = LocalDate.of(2026, 11, 15);
        BigDecimal spent = total(month, NOVEMBER, asOf.minusDays(1));
        Forecast weekdayAware = forecaster.forecast(month, NOVEMBER, NOVEMBER_END, asOf, 0, spent);
        Forecast flat = SpendForecaster.withoutWeekdayPattern().forecast(month, NOVEMBER, NOVEMBER_END, asOf, 0,
                spent);
        assertEquals("trailing_mean_7d_by_weekday", weekdayAware.method());
        assertEquals("trailing_mean_7d", flat.method());
        BigDecimal weekdayError = weekdayAware.expectedUsd().subtract(truth).abs();
        BigDecimal flatError = flat.expectedUsd().subtract(truth).abs();
        assertTrue(weekdayError.compareTo(truth.multiply(usd("0.03"))) <= 0, weekdayAware.toString());
        assertTrue(weekdayError.compareTo(flatError) < 0, weekdayAware + " against " + flat);
        assertEquals(usd("2314.285714"), flat.expectedUsd());
        assertOrdered(weekdayAware, spent);
        assertOrdered(flat, spent);
    }

    @Test
    void noisySpendHasARangeOfItsSpreadThatHoldsTheExpected() {
        // Alternating 6 and 14 a day: mean 10, so 19 days to go at 10; the spread is the days' standard deviation.
        SortedMap<LocalDate, BigDecimal> days = series(JUNE, LocalDate.of(2026, 6, 11),
                day -> day.getDayOfMonth() % 2 == 0 ? usd("6") : usd("14"));
        BigDecimal spent = total(days, JUNE, LocalDate.of(2026, 6, 11));
        Forecast forecast = forecaster.forecast(days, JUNE, JUNE_END, LocalDate.of(2026, 6, 12), 0, spent);
        assertTrue(forecast.lowUsd().compareTo(forecast.expectedUsd()) < 0, forecast.toString());
        assertTrue(forecast.highUsd().compareTo(forecast.expectedUsd()) > 0, forecast.toString());
        assertOrdered(forecast, spent);
    }

    @Test
    void oneDayOfDataIsNotMeaningfulAndItsRangeIsWide() {
        SortedMap<LocalDate, BigDecimal> days = series(JUNE, JUNE, day -> usd("10"));
        Forecast forecast = forecaster.forecast(days, JUNE, JUNE_END, LocalDate.of(2026, 6, 2), 0, usd("10"));
        assertFalse(forecast.meaningful());
        assertEquals(usd("300.000000"), forecast.expectedUsd());
        assertEquals(usd("10.000000"), forecast.lowUsd(), "no spread to measure: low is what was spent");
        assertEquals(usd("590.000000"), forecast.highUsd(), "and high twice the expected remainder");

        Forecast twoDays = forecaster.forecast(series(JUNE, LocalDate.of(2026, 6, 2), day -> usd("10")), JUNE,
                JUNE_END, LocalDate.of(2026, 6, 3), 0, usd("20"));
        assertFalse(twoDays.meaningful());
        Forecast threeDays = forecaster.forecast(series(JUNE, LocalDate.of(2026, 6, 3), day -> usd("10")), JUNE,
                JUNE_END, LocalDate.of(2026, 6, 4), 0, usd("30"));
        assertTrue(threeDays.meaningful());
    }

    @Test
    void thePartialDayCountsInTheRateOnlyOnceHalfOfItHasElapsed() {
        // Ten days at 10, then June 11 spends 30 by 06:00 (a quarter): too little of the day to extrapolate, so
        // the rate stays 10 and only what was spent counts: 130 + 10 × (0.75 + 19) = 327.5.
        SortedMap<LocalDate, BigDecimal> days = series(JUNE, LocalDate.of(2026, 6, 10), day -> usd("10"));
        LocalDate asOf = LocalDate.of(2026, 6, 11);
        days.put(asOf, usd("30"));
        Forecast early = forecaster.forecast(days, JUNE, JUNE_END, asOf, 0.25, usd("130"));
        assertEquals(usd("327.500000"), early.expectedUsd());
        assertEquals("trailing_mean_7d", early.method());
        assertOrdered(early, usd("130"));

        // By 18:00 (three quarters) it counts, as a day of 40, with the six complete days before it:
        // rate (40 + 6 × 10) / 7, times the remaining 0.25 + 19 days.
        Forecast late = forecaster.forecast(days, JUNE, JUNE_END, asOf, 0.75, usd("130"));
        BigDecimal rate = usd("100").divide(usd("7"), java.math.MathContext.DECIMAL128);
        assertEquals(usd("130").add(rate.multiply(usd("19.25"))).setScale(6, java.math.RoundingMode.HALF_EVEN),
                late.expectedUsd());
        assertOrdered(late, usd("130"));

        // A whole day elapsed is a complete day: nothing of it remains.
        Forecast whole = forecaster.forecast(series(JUNE, LocalDate.of(2026, 6, 11), day -> usd("10")), JUNE,
                JUNE_END, asOf, 1, usd("110"));
        assertEquals(usd("300.000000"), whole.expectedUsd());
    }

    @Test
    void aLedgerThatBeganTodayExtrapolatesTheDaySoFarButIsNotMeaningful() {
        SortedMap<LocalDate, BigDecimal> days = series(JUNE, JUNE, day -> usd("2"));
        Forecast forecast = forecaster.forecast(days, JUNE, JUNE_END, JUNE, 0.1, usd("2"));
        assertEquals(usd("600.000000"), forecast.expectedUsd(), "2 in a tenth of a day is 20 a day for 29.9 days");
        assertFalse(forecast.meaningful());
        assertOrdered(forecast, usd("2"));
    }

    @Test
    void historyBeforeThePeriodGivesTheRateOnTheFirstDay() {
        SortedMap<LocalDate, BigDecimal> may = series(LocalDate.of(2026, 5, 20), LocalDate.of(2026, 5, 31),
                day -> usd("5"));
        Forecast forecast = forecaster.forecast(may, JUNE, JUNE_END, JUNE, 0, BigDecimal.ZERO);
        assertEquals(usd("150.000000"), forecast.expectedUsd());
        assertTrue(forecast.meaningful());
        // Asked before the period starts: all of it remains.
        Forecast ahead = forecaster.forecast(may, JUNE, JUNE_END, LocalDate.of(2026, 5, 31), 1, BigDecimal.ZERO);
        assertEquals(usd("150.000000"), ahead.expectedUsd());
    }

    @Test
    void noSpendAnEndedPeriodAndBadArguments() {
        Forecast nothing = forecaster.forecast(new TreeMap<>(), JUNE, JUNE_END, JUNE, 0.5, BigDecimal.ZERO);
        assertEquals(new Forecast(usd("0.000000"), usd("0.000000"), usd("0.000000"), false, "no_history"), nothing);
        Forecast ended = forecaster.forecast(series(JUNE, JUNE_END, day -> usd("1")), JUNE, JUNE_END,
                LocalDate.of(2026, 7, 2), 0, usd("30"));
        assertEquals(new Forecast(usd("30.000000"), usd("30.000000"), usd("30.000000"), true, "period_ended"), ended);
        assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(new TreeMap<>(), JUNE_END, JUNE, JUNE, 0, BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(new TreeMap<>(), JUNE, JUNE_END, JUNE, 1.5, BigDecimal.ZERO));
    }
}
