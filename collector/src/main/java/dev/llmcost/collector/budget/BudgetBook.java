package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.budget.BudgetRules.AnomalyRule;
import dev.llmcost.collector.budget.BudgetRules.Budget;
import dev.llmcost.collector.forecast.Forecast;
import dev.llmcost.collector.forecast.SpendForecaster;
import dev.llmcost.collector.price.PricedCall;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spend every budget and anomaly rule watches, kept call by call, and the alerts it raises: each at the call
 * that crosses its line, once per rule × scope × period × kind. Forecasts are checked for the instances that spent
 * since the last check (once per committed batch), because a forecast reads the whole daily series.
 *
 * <p>Bounded: one tally per budget instance with at most {@link BudgetTally#HISTORY_DAYS} days of history, one
 * series per anomaly instance with one number per baseline window; instances idle for longer than their history
 * are dropped when a batch is checked.
 */
public final class BudgetBook {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** How much more of its limit an instance spends, the same day, before its forecast is checked again. */
    static final BigDecimal RECHECK_PERCENT = BigDecimal.TEN;

    private final BudgetRules rules;
    private final SpendForecaster forecaster = new SpendForecaster();
    private final Clock clock;
    private final Map<String, Map<Map<String, String>, BudgetTally>> tallies = new HashMap<>();
    private final Map<String, Budget> budgetsByName = new HashMap<>();
    private final Map<String, Map<Map<String, String>, WindowSeries>> series = new HashMap<>();
    /** The instances of each budget by {@link dev.llmcost.collector.aggregate.Scope#keyFor}, the quick way in. */
    private final Map<String, Map<Object, BudgetTally>> byKey = new HashMap<>();
    private final Map<String, Map<Object, WindowSeries>> seriesByKey = new HashMap<>();
    private final List<BudgetTally> spentSinceCheck = new ArrayList<>();
    /** Instances changed since the state was last written, by rule name; and those dropped. */
    private final List<BudgetTally> changedTallies = new ArrayList<>();
    private final Set<WindowSeries> changedSeries = new LinkedHashSet<>();
    private final List<String> dropped = new ArrayList<>();
    private long latestMillis;
    private final LocalDays days;

    public BudgetBook(BudgetRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.days = new LocalDays(rules.timezone());
        rules.budgets().forEach(budget -> {
            tallies.put(budget.name(), new HashMap<>());
            byKey.put(budget.name(), new HashMap<>());
            budgetsByName.put(budget.name(), budget);
        });
        rules.anomalies().forEach(rule -> {
            series.put(rule.name(), new HashMap<>());
            seriesByKey.put(rule.name(), new HashMap<>());
        });
    }

    public BudgetRules rules() {
        return rules;
    }

    /** Counts a billed call; the alerts it raises are added to {@code raised}. */
    public void add(PricedCall priced, List<Alert> raised) {
        if (priced.costUsd() == null || priced.errorResponse()) {
            return;
        }
        CallRecord call = priced.call();
        latestMillis = Math.max(latestMillis, call.timestampMillis());
        LocalDate day = days.of(call.timestampMillis());
        for (Budget budget : rules.budgets()) {
            Object key = budget.scope().keyFor(call);
            if (key != null) {
                spend(budget, key, day, priced, raised);
            }
        }
        for (AnomalyRule rule : rules.anomalies()) {
            Object key = rule.instances().keyFor(call);
            if (key != null) {
                watch(rule, key, priced, raised);
            }
        }
    }

    private void spend(Budget budget, Object key, LocalDate day, PricedCall priced, List<Alert> raised) {
        LocalDate start = budget.period().start(day);
        Map<Object, BudgetTally> instances = byKey.get(budget.name());
        BudgetTally tally = instances.get(key);
        if (tally == null) {
            Map<String, String> scope = budget.scope().instanceFor(priced.call());
            tally = tallies.get(budget.name()).get(scope);
            if (tally == null) {
                tally = new BudgetTally(budget.name(), scope, start);
                tallies.get(budget.name()).put(scope, tally);
            }
            instances.put(key, tally);
        }
        changed(tally);
        tally.add(day, priced.costUsd());
        if (start.isAfter(tally.periodStart)) {
            tally.startPeriod(start);
        } else if (start.isBefore(tally.periodStart)) {
            return; // a late call of a period already over: in the daily history only
        }
        tally.spent = tally.spent.add(priced.costUsd());
        tally.lastEventId = priced.call().eventId();
        tally.lastTimestampMillis = priced.call().timestampMillis();
        if (!tally.toCheck) {
            tally.toCheck = true;
            spentSinceCheck.add(tally);
        }
        if (budget.warnPercent() != null && !tally.raised.contains(Alert.Kind.BUDGET_WARNING)
                && tally.spent.compareTo(budget.warnUsd()) >= 0) {
            raised.add(budgetAlert(budget, tally, Alert.Kind.BUDGET_WARNING, null));
        }
        if (!tally.raised.contains(Alert.Kind.BUDGET_EXCEEDED) && tally.spent.compareTo(budget.limitUsd()) >= 0) {
            raised.add(budgetAlert(budget, tally, Alert.Kind.BUDGET_EXCEEDED, null));
        }
    }


    private void watch(AnomalyRule rule, Object key, PricedCall priced, List<Alert> raised) {
        long window = rule.window().index(priced.call().timestampMillis(), rules.timezone());
        Map<Object, WindowSeries> instances = seriesByKey.get(rule.name());
        WindowSeries watched = instances.get(key);
        if (watched == null) {
            Map<String, String> scope = rule.instances().instanceFor(priced.call());
            watched = series.get(rule.name()).get(scope);
            if (watched == null) {
                watched = new WindowSeries(rule.name(), scope, window, rule.baselineWindows());
                series.get(rule.name()).put(scope, watched);
            }
            instances.put(key, watched);
        }
        Map<String, String> scope = watched.scope;
        changedSeries.add(watched);
        if (window > watched.currentWindow) {
            watched.moveTo(window);
        } else if (window < watched.currentWindow) {
            watched.addLate(window, priced.costUsd());
            return;
        }
        watched.currentSpend = watched.currentSpend.add(priced.costUsd());
        if (watched.raised || watched.history() < rule.minWindows() || watched.baselineNanos <= 0) {
            return;
        }
        BigDecimal baseline = watched.baselineUsd();
        if (baseline.compareTo(rule.minBaselineUsd()) >= 0
                && watched.currentSpend.compareTo(watched.lineUsd(rule.thresholdPercent())) > 0) {
            watched.raised = true;
            Instant start = rule.window().start(window, rules.timezone());
            Instant end = rule.window().start(window + 1, rules.timezone());
            raised.add(new Alert(Alert.id(rule.name(), Alert.Kind.ANOMALY, scope, Alert.at(start, rules.timezone())),
                    Alert.Kind.ANOMALY, rule.name(), scope, Alert.at(start, rules.timezone()),
                    Alert.at(end, rules.timezone()), watched.currentSpend, null, null, baseline,
                    Alert.at(start, rules.timezone()), priced.call().eventId(),
                    Instant.ofEpochMilli(priced.call().timestampMillis()), clock.instant()));
        }
    }

    /**
     * The forecast of the budget instances that spent since the last check: {@code forecast_exceeded} once the
     * forecast is meaningful (see {@link SpendForecaster}) and passes the limit while the spend has not. A forecast
     * reads the instance's whole daily series, so an instance is checked again only on a new day or once it has
     * spent another {@link #RECHECK_PERCENT}% of its limit since its last check. Then instances idle for longer
     * than their history are dropped.
     */
    public void checkForecasts(List<Alert> raised) {
        for (BudgetTally tally : spentSinceCheck) {
            tally.toCheck = false;
            Budget budget = budgetsByName.get(tally.rule);
            if (budget == null || tally.raised.contains(Alert.Kind.FORECAST_EXCEEDED)
                    || tally.raised.contains(Alert.Kind.BUDGET_EXCEEDED)) {
                continue;
            }
            Instant asOf = Instant.ofEpochMilli(tally.lastTimestampMillis);
            LocalDate day = asOf.atZone(rules.timezone()).toLocalDate();
            if (day.equals(tally.checkedDay) && tally.spent.subtract(tally.checkedSpent).multiply(HUNDRED)
                    .compareTo(budget.limitUsd().multiply(RECHECK_PERCENT)) < 0) {
                continue;
            }
            tally.checkedDay = day;
            tally.checkedSpent = tally.spent;
            Forecast forecast = forecast(budget, tally, asOf);
            if (forecast.meaningful() && forecast.expectedUsd().compareTo(budget.limitUsd()) > 0) {
                raised.add(budgetAlert(budget, tally, Alert.Kind.FORECAST_EXCEEDED, forecast.expectedUsd()));
            }
        }
        spentSinceCheck.clear();
        dropIdle();
    }

    /** The forecast of the tally's period, as of {@code asOf}. */
    Forecast forecast(Budget budget, BudgetTally tally, Instant asOf) {
        ZonedDateTime at = asOf.atZone(rules.timezone());
        double elapsed = at.toLocalTime().toSecondOfDay() / 86_400.0;
        return forecaster.forecast(tally.dailySpend(), tally.periodStart, budget.period().end(tally.periodStart),
                at.toLocalDate(), elapsed, tally.spent);
    }

    private void changed(BudgetTally tally) {
        if (!tally.changed) {
            tally.changed = true;
            changedTallies.add(tally);
        }
    }

    private Alert budgetAlert(Budget budget, BudgetTally tally, Alert.Kind kind, BigDecimal forecast) {
        tally.raised.add(kind);
        changed(tally);
        ZoneId zone = rules.timezone();
        var start = Alert.at(tally.periodStart.atStartOfDay(zone).toInstant(), zone);
        var end = Alert.at(budget.period().end(tally.periodStart).plusDays(1).atStartOfDay(zone).toInstant(), zone);
        return new Alert(Alert.id(budget.name(), kind, tally.scope, start), kind, budget.name(), tally.scope, start,
                end, tally.spent, budget.limitUsd(), forecast, null, null, tally.lastEventId,
                Instant.ofEpochMilli(tally.lastTimestampMillis), clock.instant());
    }

    private void dropIdle() {
        LocalDate latest = Instant.ofEpochMilli(latestMillis).atZone(rules.timezone()).toLocalDate();
        for (Budget budget : rules.budgets()) {
            tallies.get(budget.name()).values().removeIf(tally -> {
                boolean idle = budget.period().end(tally.periodStart).plusDays(BudgetTally.HISTORY_DAYS)
                        .isBefore(latest);
                if (idle) {
                    forget(tally.scope, "budget", budget.name());
                    tally.dropped = true;
                }
                return idle;
            });
        }
        for (AnomalyRule rule : rules.anomalies()) {
            long now = rule.window().index(latestMillis, rules.timezone());
            series.get(rule.name()).values().removeIf(watched -> {
                boolean idle = now - watched.currentWindow > rule.baselineWindows();
                if (idle) {
                    forget(watched.scope, "anomaly", rule.name());
                    changedSeries.remove(watched);
                    watched.dropped = true;
                }
                return idle;
            });
        }
        byKey.values().forEach(instances -> instances.values().removeIf(tally -> tally.dropped));
        seriesByKey.values().forEach(instances -> instances.values().removeIf(watched -> watched.dropped));
    }

    /** Whether the alert's period is still the current one of its instance (a backfill keeps only those). */
    public boolean current(Alert alert) {
        Map<Map<String, String>, BudgetTally> instances = tallies.get(alert.rule());
        if (instances == null) {
            return false;
        }
        BudgetTally tally = instances.get(alert.scope());
        return tally != null && tally.periodStart.atStartOfDay(rules.timezone()).toInstant()
                .equals(alert.periodStart().toInstant());
    }

    /** One budget instance as it stands at {@code asOf}. */
    public record Status(Budget budget, Map<String, String> scope, LocalDate periodStart, LocalDate periodEnd,
                         BigDecimal spentUsd, Forecast forecast) {

        public BigDecimal percent() {
            return spentUsd.multiply(HUNDRED).divide(budget.limitUsd(), 1, java.math.RoundingMode.HALF_EVEN);
        }

        /** {@code exceeded}, {@code warning}, {@code forecast_exceeded} or {@code ok}, in that order. */
        public String state() {
            if (spentUsd.compareTo(budget.limitUsd()) >= 0) {
                return "exceeded";
            }
            if (budget.warnUsd() != null && spentUsd.compareTo(budget.warnUsd()) >= 0) {
                return "warning";
            }
            if (forecast != null && forecast.meaningful() && forecast.expectedUsd().compareTo(budget.limitUsd()) > 0) {
                return "forecast_exceeded";
            }
            return "ok";
        }
    }

    /** Every budget (and every instance of a {@code "*"} budget seen), for the period that holds {@code asOf}. */
    public List<Status> status(Instant asOf) {
        return status(asOf, true);
    }

    /**
     * As {@link #status}, without forecasts ({@link Status#forecast()} is null): what the metrics endpoint shows
     * after every batch, where forecasting tens of thousands of instances each time would cost more than the batch.
     */
    public List<Status> spending(Instant asOf) {
        return status(asOf, false);
    }

    private List<Status> status(Instant asOf, boolean forecasts) {
        LocalDate day = asOf.atZone(rules.timezone()).toLocalDate();
        List<Status> rows = new ArrayList<>();
        for (Budget budget : rules.budgets()) {
            LocalDate start = budget.period().start(day);
            LocalDate end = budget.period().end(start);
            boolean any = false;
            for (BudgetTally tally : tallies.get(budget.name()).values()) {
                if (tally.periodStart.equals(start)) {
                    rows.add(new Status(budget, tally.scope, start, end, tally.spent,
                            forecasts ? forecast(budget, tally, asOf) : null));
                    any = true;
                }
            }
            if (!any && !budget.scope().values().containsValue(dev.llmcost.collector.aggregate.Scope.EACH)) {
                BudgetTally nothing = new BudgetTally(budget.name(), budget.scope().values(), start);
                rows.add(new Status(budget, budget.scope().values(), start, end, BigDecimal.ZERO,
                        forecasts ? forecast(budget, nothing, asOf) : null));
            }
        }
        return rows;
    }

    private void forget(Map<String, String> scope, String kind, String rule) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put(kind, rule);
        ObjectNode scopeNode = line.putObject("scope");
        scope.forEach(scopeNode::put);
        line.put("deleted", true);
        dropped.add(line.toString());
    }

    /** How many instances there are: what the state holds. */
    public long entries() {
        return tallies.values().stream().mapToLong(Map::size).sum()
                + series.values().stream().mapToLong(Map::size).sum() + 1L;
    }

    /**
     * The state as lines, one per instance ({@code {"budget": NAME, ...}}, {@code {"anomaly": NAME, ...}}) and one
     * of the book's own ({@code {"latest_ms": N}}): every instance, or only those changed (and dropped) since the
     * last call for the changed ones.
     */
    public List<String> lines(boolean changedOnly) {
        List<String> lines = new ArrayList<>();
        if (changedOnly) {
            lines.addAll(dropped);
        }
        dropped.clear();
        for (BudgetTally tally : changedOnly ? changedTallies : all(tallies)) {
            tally.changed = false;
            if (tally.dropped) {
                continue;
            }
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("budget", tally.rule);
            tally.write(line, changedOnly);
            lines.add(line.toString());
        }
        for (WindowSeries watched : changedOnly ? changedSeries : all(series)) {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("anomaly", watched.rule);
            watched.write(line);
            lines.add(line.toString());
        }
        ObjectNode book = JsonNodeFactory.instance.objectNode();
        book.put("latest_ms", latestMillis);
        lines.add(book.toString());
        changedTallies.clear();
        changedSeries.clear();
        return lines;
    }

    /**
     * Restores one line {@link #lines} gave, a later line for an instance replacing an earlier one. Lines of rules
     * the file no longer has are skipped; an anomaly rule whose baseline length changed starts again.
     */
    public void restore(JsonNode line) {
        if (line.has("latest_ms")) {
            latestMillis = line.path("latest_ms").asLong();
        } else if (line.has("budget") && tallies.containsKey(line.path("budget").asText())) {
            String rule = line.path("budget").asText();
            Map<String, String> scope = scope(line);
            if (line.path("deleted").asBoolean()) {
                tallies.get(rule).remove(scope);
            } else {
                BudgetTally known = tallies.get(rule).get(scope);
                if (known != null) {
                    known.merge(line);
                } else {
                    tallies.get(rule).put(scope, BudgetTally.read(rule, line, scope));
                }
            }
        } else if (line.has("anomaly") && series.containsKey(line.path("anomaly").asText())) {
            String rule = line.path("anomaly").asText();
            int baseline = rules.anomalies().stream().filter(r -> r.name().equals(rule)).findFirst().orElseThrow()
                    .baselineWindows();
            if (line.path("deleted").asBoolean()) {
                series.get(rule).remove(scope(line));
            } else {
                series.get(rule).put(scope(line), WindowSeries.read(rule, line, baseline));
            }
        }
    }

    /** Every instance of every rule. */
    private static <T> List<T> all(Map<String, ? extends Map<?, T>> byRule) {
        List<T> all = new ArrayList<>();
        byRule.values().forEach(instances -> all.addAll(instances.values()));
        return all;
    }

    private static Map<String, String> scope(JsonNode line) {
        Map<String, String> scope = new LinkedHashMap<>();
        line.path("scope").fields().forEachRemaining(f -> scope.put(f.getKey(), f.getValue().asText()));
        return scope;
    }
}
