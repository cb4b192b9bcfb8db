package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.aggregate.CallDimensions;
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

    private final BudgetRules rules;
    private final SpendForecaster forecaster = new SpendForecaster();
    private final Clock clock;
    private final Map<String, Map<Map<String, String>, BudgetTally>> tallies = new HashMap<>();
    private final Map<String, Map<Map<String, String>, WindowSeries>> series = new HashMap<>();
    private final Set<BudgetTally> spentSinceCheck = new LinkedHashSet<>();
    private long latestMillis;

    public BudgetBook(BudgetRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        rules.budgets().forEach(budget -> tallies.put(budget.name(), new HashMap<>()));
        rules.anomalies().forEach(rule -> series.put(rule.name(), new HashMap<>()));
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
        LocalDate day = Instant.ofEpochMilli(call.timestampMillis()).atZone(rules.timezone()).toLocalDate();
        for (Budget budget : rules.budgets()) {
            Map<String, String> scope = budget.scope().instanceFor(call);
            if (scope != null) {
                spend(budget, scope, day, priced, raised);
            }
        }
        for (AnomalyRule rule : rules.anomalies()) {
            Map<String, String> scope = anomalyScope(rule, call);
            if (scope != null) {
                watch(rule, scope, priced, raised);
            }
        }
    }

    private void spend(Budget budget, Map<String, String> scope, LocalDate day, PricedCall priced,
                       List<Alert> raised) {
        LocalDate start = budget.period().start(day);
        BudgetTally tally = tallies.get(budget.name()).computeIfAbsent(scope, s -> new BudgetTally(s, start));
        tally.add(day, priced.costUsd());
        if (start.isAfter(tally.periodStart)) {
            tally.startPeriod(start);
        } else if (start.isBefore(tally.periodStart)) {
            return; // a late call of a period already over: in the daily history only
        }
        tally.spent = tally.spent.add(priced.costUsd());
        tally.lastEventId = priced.call().eventId();
        tally.lastTimestampMillis = priced.call().timestampMillis();
        spentSinceCheck.add(tally);
        if (budget.warnPercent() != null && !tally.raised.contains(Alert.Kind.BUDGET_WARNING)
                && tally.spent.multiply(HUNDRED).compareTo(budget.limitUsd().multiply(budget.warnPercent())) >= 0) {
            raised.add(budgetAlert(budget, tally, Alert.Kind.BUDGET_WARNING, null));
        }
        if (!tally.raised.contains(Alert.Kind.BUDGET_EXCEEDED) && tally.spent.compareTo(budget.limitUsd()) >= 0) {
            raised.add(budgetAlert(budget, tally, Alert.Kind.BUDGET_EXCEEDED, null));
        }
    }

    private static Map<String, String> anomalyScope(AnomalyRule rule, CallRecord call) {
        if (!rule.scope().values().isEmpty() && rule.scope().instanceFor(call) == null) {
            return null;
        }
        Map<String, String> scope = new LinkedHashMap<>();
        for (String dimension : rule.by()) {
            String value = CallDimensions.value(call, dimension);
            if (value == null) {
                return null;
            }
            scope.put(dimension, value);
        }
        return scope;
    }

    private void watch(AnomalyRule rule, Map<String, String> scope, PricedCall priced, List<Alert> raised) {
        long window = rule.window().index(priced.call().timestampMillis(), rules.timezone());
        WindowSeries watched = series.get(rule.name()).computeIfAbsent(scope,
                s -> new WindowSeries(s, window, rule.baselineWindows()));
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
        BigDecimal line = baseline.multiply(HUNDRED.add(rule.thresholdPercent())).divide(HUNDRED);
        if (baseline.compareTo(rule.minBaselineUsd()) >= 0 && watched.currentSpend.compareTo(line) > 0) {
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
     * The forecast of every budget instance that spent since the last check: {@code forecast_exceeded} once its
     * forecast is meaningful (see {@link SpendForecaster}) and passes the limit while the spend has not. Then
     * instances idle for longer than their history are dropped.
     */
    public void checkForecasts(List<Alert> raised) {
        for (Budget budget : rules.budgets()) {
            for (BudgetTally tally : tallies.get(budget.name()).values()) {
                if (!spentSinceCheck.contains(tally) || tally.raised.contains(Alert.Kind.FORECAST_EXCEEDED)
                        || tally.raised.contains(Alert.Kind.BUDGET_EXCEEDED)) {
                    continue;
                }
                Forecast forecast = forecast(budget, tally, Instant.ofEpochMilli(tally.lastTimestampMillis));
                if (forecast.meaningful() && forecast.expectedUsd().compareTo(budget.limitUsd()) > 0) {
                    raised.add(budgetAlert(budget, tally, Alert.Kind.FORECAST_EXCEEDED, forecast.expectedUsd()));
                }
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

    private Alert budgetAlert(Budget budget, BudgetTally tally, Alert.Kind kind, BigDecimal forecast) {
        tally.raised.add(kind);
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
            tallies.get(budget.name()).values().removeIf(tally -> budget.period().end(tally.periodStart)
                    .plusDays(BudgetTally.HISTORY_DAYS).isBefore(latest));
        }
        for (AnomalyRule rule : rules.anomalies()) {
            long now = rule.window().index(latestMillis, rules.timezone());
            series.get(rule.name()).values().removeIf(watched -> now - watched.currentWindow
                    > rule.baselineWindows());
        }
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
            if (budget.warnPercent() != null && spentUsd.multiply(HUNDRED)
                    .compareTo(budget.limitUsd().multiply(budget.warnPercent())) >= 0) {
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
        LocalDate day = asOf.atZone(rules.timezone()).toLocalDate();
        List<Status> rows = new ArrayList<>();
        for (Budget budget : rules.budgets()) {
            LocalDate start = budget.period().start(day);
            LocalDate end = budget.period().end(start);
            boolean any = false;
            for (BudgetTally tally : tallies.get(budget.name()).values()) {
                if (tally.periodStart.equals(start)) {
                    rows.add(new Status(budget, tally.scope, start, end, tally.spent, forecast(budget, tally, asOf)));
                    any = true;
                }
            }
            if (!any && !budget.scope().values().containsValue(dev.llmcost.collector.aggregate.Scope.EACH)) {
                BudgetTally nothing = new BudgetTally(budget.scope().values(), start);
                rows.add(new Status(budget, budget.scope().values(), start, end, BigDecimal.ZERO,
                        forecast(budget, nothing, asOf)));
            }
        }
        return rows;
    }

    /** The whole state, for the checkpoint. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode budgets = json.putObject("budgets");
        tallies.forEach((name, instances) -> {
            ArrayNode list = budgets.putArray(name);
            instances.values().forEach(tally -> tally.write(list.addObject()));
        });
        ObjectNode anomalies = json.putObject("anomalies");
        series.forEach((name, instances) -> {
            ArrayNode list = anomalies.putArray(name);
            instances.values().forEach(watched -> watched.write(list.addObject()));
        });
        json.put("latest_ms", latestMillis);
        return json;
    }

    /**
     * Restores what {@link #toJson()} saved. Rules the file no longer has are forgotten; rules new to it start
     * empty (see {@link BudgetSink#start}); an anomaly rule whose baseline length changed starts again.
     */
    public void restore(JsonNode json) {
        latestMillis = json.path("latest_ms").asLong();
        for (Budget budget : rules.budgets()) {
            for (JsonNode saved : json.path("budgets").path(budget.name())) {
                BudgetTally tally = BudgetTally.read(saved);
                tallies.get(budget.name()).put(tally.scope, tally);
            }
        }
        for (AnomalyRule rule : rules.anomalies()) {
            for (JsonNode saved : json.path("anomalies").path(rule.name())) {
                WindowSeries watched = WindowSeries.read(saved, rule.baselineWindows());
                series.get(rule.name()).put(watched.scope, watched);
            }
        }
    }
}
