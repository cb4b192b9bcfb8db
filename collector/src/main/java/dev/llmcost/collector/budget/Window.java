package dev.llmcost.collector.budget;

import java.time.Instant;
import java.time.ZoneId;

/**
 * An anomaly rule's window. Minute and hour windows are aligned on UTC (they are the same in every whole-hour
 * timezone); day windows are the days of the rules' timezone.
 */
public enum Window {
    MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L);

    private final long millis;

    Window(long millis) {
        this.millis = millis;
    }

    public static Window parse(String name) {
        for (Window window : values()) {
            if (window.name().equalsIgnoreCase(name)) {
                return window;
            }
        }
        throw new IllegalArgumentException("window '" + name + "' is not minute, hour or day");
    }

    /** The number of the window {@code epochMillis} falls in: consecutive windows have consecutive numbers. */
    public long index(long epochMillis, ZoneId zone) {
        if (this == DAY) {
            return Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate().toEpochDay();
        }
        return Math.floorDiv(epochMillis, millis);
    }

    /** When window {@code index} starts. */
    public Instant start(long index, ZoneId zone) {
        if (this == DAY) {
            return java.time.LocalDate.ofEpochDay(index).atStartOfDay(zone).toInstant();
        }
        return Instant.ofEpochMilli(index * millis);
    }

    /** The whole days {@code count} windows span, rounded up. */
    public long days(int count) {
        return Math.floorDiv(count * millis + DAY.millis - 1, DAY.millis);
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
