package dev.llmcost.collector.allocate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * The UTC days a shared cost was incurred over: a month {@code 2026-11}, a day {@code 2026-11-03}, or a range of
 * days {@code 2026-11-01..2026-11-15} (both ends included). The label, as written, names its allocation file.
 */
public record CostPeriod(String label, LocalDate first, LocalDate last) {

    private static final String DAY = "\\d{4}-\\d\\d-\\d\\d";

    /** @throws IllegalArgumentException saying which forms are accepted */
    public static CostPeriod parse(String text) {
        try {
            if (text.matches("\\d{4}-\\d\\d")) {
                YearMonth month = YearMonth.parse(text);
                return new CostPeriod(text, month.atDay(1), month.atEndOfMonth());
            }
            if (text.matches(DAY)) {
                LocalDate day = LocalDate.parse(text);
                return new CostPeriod(text, day, day);
            }
            if (text.matches(DAY + "\\.\\." + DAY)) {
                LocalDate first = LocalDate.parse(text.substring(0, 10));
                LocalDate last = LocalDate.parse(text.substring(12));
                if (last.isBefore(first)) {
                    throw new IllegalArgumentException("period '" + text + "' ends before it starts");
                }
                return new CostPeriod(text, first, last);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period '" + text + "' is not a real month or day");
        }
        throw new IllegalArgumentException("period '" + text + "' is not YYYY-MM, YYYY-MM-DD or "
                + "YYYY-MM-DD..YYYY-MM-DD");
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(first) && !day.isAfter(last);
    }

    /** Whether every day of the period is within {@code since..until} (either may be null: open). */
    public boolean within(LocalDate since, LocalDate until) {
        return (since == null || !first.isBefore(since)) && (until == null || !last.isAfter(until));
    }

    @Override
    public String toString() {
        return label;
    }
}
