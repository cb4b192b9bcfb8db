package dev.llmcost.collector.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The day of a timezone an instant falls on, for call after call: calls come in time order, so the day of the last
 * one is usually the answer, found without a calendar computation.
 */
final class LocalDays {

    private final ZoneId zone;
    private LocalDate day;
    private long dayStart = 1;
    private long dayEnd = 0;

    LocalDays(ZoneId zone) {
        this.zone = zone;
    }

    LocalDate of(long epochMillis) {
        if (epochMillis < dayStart || epochMillis >= dayEnd) {
            day = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
            dayStart = day.atStartOfDay(zone).toInstant().toEpochMilli();
            dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        return day;
    }
}
