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
 * exactly, which alerts were raised for the period, and the recent daily spend its forecast reads.
 */
final class BudgetTally {

    /** Days of daily spend kept for the forecast: a month, and four weeks before it for the weekday pattern. */
    static final int HISTORY_DAYS = 60;

    final Map<String, String> scope;
    LocalDate periodStart;
    BigDecimal spent = BigDecimal.ZERO;
    final EnumSet<Alert.Kind> raised = EnumSet.noneOf(Alert.Kind.class);
    /** Daily spend by day, in nano-dollars (a forecast needs no finer figure; the period's total is exact). */
    final TreeMap<LocalDate, Long> dailyNanos = new TreeMap<>();
    String lastEventId;
    long lastTimestampMillis;
    /** When the forecast was last checked: the day, and what had been spent (not saved: checked again on start). */
    LocalDate checkedDay;
    BigDecimal checkedSpent = BigDecimal.ZERO;
    /** Days whose spend changed since the tally was last written: a change line carries only those. */
    private final java.util.Set<LocalDate> changedDays = new java.util.TreeSet<>();

    BudgetTally(Map<String, String> scope, LocalDate periodStart) {
        this.scope = scope;
        this.periodStart = periodStart;
    }

    /** The day calls are being counted for, and its spend so far: folded into the history when the day changes. */
    private LocalDate openDay;
    private BigDecimal openDaySpend = BigDecimal.ZERO;

    void add(LocalDate day, BigDecimal cost) {
        if (!day.equals(openDay)) {
            closeDay();
            openDay = day;
            Long before = dailyNanos.get(day);
            openDaySpend = before == null ? BigDecimal.ZERO : BigDecimal.valueOf(before, 9);
        }
        openDaySpend = openDaySpend.add(cost);
    }

    /** Folds the open day into the daily history (before it is read or written). */
    private void closeDay() {
        if (openDay != null) {
            dailyNanos.put(openDay, openDaySpend.movePointRight(9).longValue());
            changedDays.add(openDay);
            openDay = null;
            trimHistory();
        }
    }

    private void trimHistory() {
        while (dailyNanos.size() > HISTORY_DAYS) {
            dailyNanos.pollFirstEntry();
        }
    }

    /** The daily series a forecast reads, in dollars. */
    SortedMap<LocalDate, BigDecimal> dailySpend() {
        closeDay();
        SortedMap<LocalDate, BigDecimal> daily = new TreeMap<>();
        dailyNanos.forEach((day, nanos) -> daily.put(day, BigDecimal.valueOf(nanos, 9)));
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
        if (changeOnly) {
            changedDays.forEach(day -> {
                Long nanos = dailyNanos.get(day);
                if (nanos != null) {
                    daily.put(day.toString(), nanos);
                }
            });
        } else {
            dailyNanos.forEach((day, nanos) -> daily.put(day.toString(), nanos));
        }
        changedDays.clear();
        json.put("last_event_id", lastEventId);
        json.put("last_timestamp_ms", lastTimestampMillis);
    }

    static BudgetTally read(JsonNode json, Map<String, String> scope) {
        BudgetTally tally = new BudgetTally(scope, LocalDate.parse(json.path("period_start").asText()));
        tally.merge(json);
        return tally;
    }

    /** Applies a line {@link #write} gave over this tally: its figures replace these, its days are added. */
    void merge(JsonNode json) {
        closeDay();
        periodStart = LocalDate.parse(json.path("period_start").asText());
        spent = new BigDecimal(json.path("spent_usd").asText("0"));
        raised.clear();
        json.path("raised").forEach(kind -> raised.add(Alert.Kind.valueOf(kind.asText()
                .toUpperCase(java.util.Locale.ROOT))));
        json.path("daily_nanos").fields().forEachRemaining(f -> dailyNanos.put(LocalDate.parse(f.getKey()),
                f.getValue().asLong()));
        trimHistory();
        lastEventId = json.path("last_event_id").asText(null);
        lastTimestampMillis = json.path("last_timestamp_ms").asLong();
    }
}
