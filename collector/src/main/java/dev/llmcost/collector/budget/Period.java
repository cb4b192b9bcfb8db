package dev.llmcost.collector.budget;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** A budget's period, in the budget file's timezone: a day, an ISO week (from Monday) or a calendar month. */
public enum Period {
    DAY, WEEK, MONTH;

    public static Period parse(String name) {
        for (Period period : values()) {
            if (period.name().equalsIgnoreCase(name)) {
                return period;
            }
        }
        throw new IllegalArgumentException("period '" + name + "' is not day, week or month");
    }

    public LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The last day of the period that starts on {@code start}. */
    public LocalDate end(LocalDate start) {
        return switch (this) {
            case DAY -> start;
            case WEEK -> start.plusDays(6);
            case MONTH -> start.with(TemporalAdjusters.lastDayOfMonth());
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
