package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One budget instance (a budget, or one value of a {@code "*"} budget) over its current period: what was spent,
 * exactly, which alerts were raised for the period, and the recent daily spend its forecast reads — in a ring of
 * {@link #HISTORY_DAYS} nano-dollar counts (half a kilobyte: a budget per customer is tens of thousands of these).
 */
final class BudgetTally {

    /** Days of daily spend kept for the forecast: a month, and four weeks before it for the weekday pattern. */
    static final int HISTORY_DAYS = 60;

    /** The budget's name. */
    final String rule;
    final Map<String, String> scope;
    LocalDate periodStart;
    BigDecimal spent = BigDecimal.ZERO;
    final EnumSet<Alert.Kind> raised = EnumSet.noneOf(Alert.Kind.class);
    String lastEventId;
    long lastTimestampMillis;
    /** In the book's lists of instances changed since written, to check, and dropped (idle too long). */
    boolean changed;
    boolean toCheck;
    boolean dropped;
    /** When the forecast was last checked: the day, and what had been spent (not saved: checked again on start). */
    LocalDate checkedDay;
    BigDecimal checkedSpent = BigDecimal.ZERO;

    /** Daily spend in nano-dollars (a forecast needs no finer figure; the period's total is exact), by epoch day. */
    private final long[] dailyNanos = new long[HISTORY_DAYS];
    /** The latest day in the ring; the ring holds it and the days before it. */
    private long latestDay = Long.MIN_VALUE;
    /** Ring slots changed since the tally was last written: a change line carries only those days. */
    private long changedSlots;
    /** The day calls are being counted for, and its spend so far: folded into the ring when the day changes. */
    private long openDay = Long.MIN_VALUE;
    private BigDecimal openDaySpend = BigDecimal.ZERO;

    BudgetTally(String rule, Map<String, String> scope, LocalDate periodStart) {
        this.rule = rule;
        this.scope = scope;
        this.periodStart = periodStart;
    }

    void add(LocalDate day, BigDecimal cost) {
        long epochDay = day.toEpochDay();
        if (epochDay != openDay) {
            closeDay();
            openDay = epochDay;
            openDaySpend = BigDecimal.valueOf(nanos(epochDay), 9);
        }
        openDaySpend = openDaySpend.add(cost);
    }

    /** Folds the open day into the ring (before the ring is read or written). */
    private void closeDay() {
        if (openDay != Long.MIN_VALUE) {
            put(openDay, openDaySpend.movePointRight(9).longValue());
            openDay = Long.MIN_VALUE;
        }
    }

    private long nanos(long epochDay) {
        return epochDay > latestDay || epochDay <= latestDay - HISTORY_DAYS ? 0 : dailyNanos[slot(epochDay)];
    }

    /** Sets a day's spend; a day after the latest moves the ring on, a day older than the ring is dropped. */
    private void put(long epochDay, long nanos) {
        if (latestDay != Long.MIN_VALUE && epochDay <= latestDay - HISTORY_DAYS) {
            return;
        }
        if (epochDay > latestDay) {
            long from = latestDay == Long.MIN_VALUE ? epochDay - HISTORY_DAYS + 1
                    : Math.max(latestDay + 1, epochDay - HISTORY_DAYS + 1);
            for (long cleared = from; cleared <= epochDay; cleared++) {
                dailyNanos[slot(cleared)] = 0;
                changedSlots &= ~(1L << slot(cleared));
            }
            latestDay = epochDay;
        }
        dailyNanos[slot(epochDay)] = nanos;
        changedSlots |= 1L << slot(epochDay);
    }

    private static int slot(long epochDay) {
        return (int) Math.floorMod(epochDay, (long) HISTORY_DAYS);
    }

    /** The daily series a forecast reads, in dollars: the days with spend. */
    SortedMap<LocalDate, BigDecimal> dailySpend() {
        closeDay();
        SortedMap<LocalDate, BigDecimal> daily = new TreeMap<>();
        for (long day = latestDay - HISTORY_DAYS + 1; latestDay != Long.MIN_VALUE && day <= latestDay; day++) {
            long nanos = dailyNanos[slot(day)];
            if (nanos != 0) {
                daily.put(LocalDate.ofEpochDay(day), BigDecimal.valueOf(nanos, 9));
            }
        }
        return daily;
    }

    /** A new period: the spend and the alerts start again; the daily history goes on. */
    void startPeriod(LocalDate start) {
        periodStart = start;
        spent = BigDecimal.ZERO;
        raised.clear();
    }

    /**
     * Writes the tally: whole, or as a change (the days changed since it was last written only), which
     * {@link #merge} applies over what came before.
     */
    void write(ObjectNode json, boolean changeOnly) {
        closeDay();
        ObjectNode scopeNode = json.putObject("scope");
        scope.forEach(scopeNode::put);
        json.put("period_start", periodStart.toString());
        json.put("spent_usd", Money.plain(spent));
        var kinds = json.putArray("raised");
        raised.forEach(kind -> kinds.add(kind.wireName()));
        ObjectNode daily = json.putObject("daily_nanos");
        for (long day = latestDay - HISTORY_DAYS + 1; latestDay != Long.MIN_VALUE && day <= latestDay; day++) {
            int slot = slot(day);
            boolean wanted = changeOnly ? (changedSlots & (1L << slot)) != 0 : dailyNanos[slot] != 0;
            if (wanted) {
                daily.put(LocalDate.ofEpochDay(day).toString(), dailyNanos[slot]);
            }
        }
        changedSlots = 0;
        json.put("last_event_id", lastEventId);
        json.put("last_timestamp_ms", lastTimestampMillis);
    }

    static BudgetTally read(String rule, JsonNode json, Map<String, String> scope) {
        BudgetTally tally = new BudgetTally(rule, scope, LocalDate.parse(json.path("period_start").asText()));
        tally.merge(json);
        return tally;
    }

    /** Applies a line {@link #write} gave over this tally: its figures replace these, its days are set. */
    void merge(JsonNode json) {
        closeDay();
        periodStart = LocalDate.parse(json.path("period_start").asText());
        spent = new BigDecimal(json.path("spent_usd").asText("0"));
        raised.clear();
        json.path("raised").forEach(kind -> raised.add(Alert.Kind.valueOf(kind.asText()
                .toUpperCase(java.util.Locale.ROOT))));
        json.path("daily_nanos").fields().forEachRemaining(f -> put(LocalDate.parse(f.getKey()).toEpochDay(),
                f.getValue().asLong()));
        changedSlots = 0;
        lastEventId = json.path("last_event_id").asText(null);
        lastTimestampMillis = json.path("last_timestamp_ms").asLong();
    }
}
