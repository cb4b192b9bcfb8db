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

    BudgetTally(Map<String, String> scope, LocalDate periodStart) {
        this.scope = scope;
        this.periodStart = periodStart;
    }

    void add(LocalDate day, BigDecimal cost) {
        dailyNanos.merge(day, cost.movePointRight(9).longValue(), Long::sum);
        while (dailyNanos.size() > HISTORY_DAYS) {
            dailyNanos.pollFirstEntry();
        }
    }

    /** The daily series a forecast reads, in dollars. */
    SortedMap<LocalDate, BigDecimal> dailySpend() {
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

    void write(ObjectNode json) {
        ObjectNode scopeNode = json.putObject("scope");
        scope.forEach(scopeNode::put);
        json.put("period_start", periodStart.toString());
        json.put("spent_usd", Money.plain(spent));
        var kinds = json.putArray("raised");
        raised.forEach(kind -> kinds.add(kind.wireName()));
        ObjectNode daily = json.putObject("daily_nanos");
        dailyNanos.forEach((day, nanos) -> daily.put(day.toString(), nanos));
        json.put("last_event_id", lastEventId);
        json.put("last_timestamp_ms", lastTimestampMillis);
    }

    static BudgetTally read(JsonNode json) {
        Map<String, String> scope = new java.util.LinkedHashMap<>();
        json.path("scope").fields().forEachRemaining(f -> scope.put(f.getKey(), f.getValue().asText()));
        BudgetTally tally = new BudgetTally(scope, LocalDate.parse(json.path("period_start").asText()));
        tally.spent = new BigDecimal(json.path("spent_usd").asText("0"));
        json.path("raised").forEach(kind -> tally.raised.add(Alert.Kind.valueOf(kind.asText()
                .toUpperCase(java.util.Locale.ROOT))));
        json.path("daily_nanos").fields().forEachRemaining(f -> tally.dailyNanos.put(LocalDate.parse(f.getKey()),
                f.getValue().asLong()));
        tally.lastEventId = json.path("last_event_id").asText(null);
        tally.lastTimestampMillis = json.path("last_timestamp_ms").asLong();
        return tally;
    }
}
