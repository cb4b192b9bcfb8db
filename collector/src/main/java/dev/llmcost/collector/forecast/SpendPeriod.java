package dev.llmcost.collector.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The calendar periods a forecast runs to the end of: a month, or an ISO week (Monday to Sunday). */
public enum SpendPeriod {

    MONTH {
        @Override
        public LocalDate start(LocalDate day) {
            return day.withDayOfMonth(1);
        }

        @Override
        public LocalDate end(LocalDate day) {
            return day.with(TemporalAdjusters.lastDayOfMonth());
        }
    },
    WEEK {
        @Override
        public LocalDate start(LocalDate day) {
            return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        @Override
        public LocalDate end(LocalDate day) {
            return start(day).plusDays(6);
        }
    };

    /** The first day of the period {@code day} is in. */
    public abstract LocalDate start(LocalDate day);

    /** The last day (inclusive) of the period {@code day} is in. */
    public abstract LocalDate end(LocalDate day);

    /** {@code month} or {@code week}, as options and output spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SpendPeriod parse(String label) {
        for (SpendPeriod period : values()) {
            if (period.label().equals(label)) {
                return period;
            }
        }
        throw new IllegalArgumentException("unknown period '" + label + "' (month, week)");
    }
}
