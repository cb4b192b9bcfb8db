package dev.llmcost.collector.aggregate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A calendar period a budget runs over and a forecast runs to the end of: a day, an ISO week (Monday to Sunday)
 * or a month, of whatever calendar the days are in (UTC for the ledger's, a budgets file's timezone for its own).
 */
public enum CalendarPeriod {
    DAY, WEEK, MONTH;

    /** @throws IllegalArgumentException naming the periods there are */
    public static CalendarPeriod parse(String label) {
        for (CalendarPeriod period : values()) {
            if (period.label().equals(label)) {
                return period;
            }
        }
        throw new IllegalArgumentException("period '" + label + "' is not day, week or month");
    }

    /** The first day of the period {@code day} is in. */
    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The last day (inclusive) of the period {@code day} is in. */
    public LocalDate end(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> start(day).plusDays(6);
            case MONTH -> day.with(TemporalAdjusters.lastDayOfMonth());
        };
    }

    /** {@code day}, {@code week} or {@code month}, as files, options and output spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
