package dev.llmcost.collector.budget;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.collector.price.PricedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetBookTest {

    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-31T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private int events;

    private PricedCall call(Instant at, String feature, String customer, String cost) {
        CallRecord record = new CallRecord("e-" + ++events, "agent", "api", at.toEpochMilli(), 10, "openai", "chat",
                "gpt-4o", null, false, 200, "api.openai.com", UsageStatus.REPORTED, null, TokenCounts.of(100, 10),
                feature, customer, "growth", Map.of("tenant", "t1"), null, null);
        return new PricedCall(record, new BigDecimal(cost), "openai/gpt-4o@2026-01-01", null);
    }

    private BudgetRules rules(String json) throws IOException {
        Path file = Files.createTempFile(dir, "budgets-", ".json");
        Files.writeString(file, json);
        return BudgetRules.read(file, name -> name.equals("TOKEN") ? "s3cret" : null);
    }

    @Test
    void aWarningAndABreachAreEachRaisedOnceAtTheCallThatCrossesTheirLine() throws Exception {
        BudgetBook book = new BudgetBook(rules("""
                {"budgets": [{"name": "search-daily", "scope": {"feature": "search"}, "period": "day",
                              "limit_usd": "50.00", "warn_percent": 80}]}"""), CLOCK);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            book.add(call(DEC_1.plusSeconds(60L * i), "search", "acme", "7.50"), alerts);
            book.add(call(DEC_1.plusSeconds(60L * i + 1), "chat", "acme", "100"), alerts);
        }
        book.checkForecasts(alerts);
        assertEquals(2, alerts.size(), alerts.toString());
        Alert warning = alerts.get(0);
        assertEquals(Alert.Kind.BUDGET_WARNING, warning.kind());
        assertEquals(new BigDecimal("45.00"), warning.spentUsd()); // the 6th call: 45 ≥ 40
        assertEquals("e-11", warning.eventId());
        Alert breach = alerts.get(1);
        assertEquals(Alert.Kind.BUDGET_EXCEEDED, breach.kind());
        assertEquals(new BigDecimal("52.50"), breach.spentUsd());
        assertEquals(Map.of("feature", "search"), breach.scope());
        assertEquals("2026-12-01T00:00Z", breach.periodStart().toString());
        assertEquals("2026-12-02T00:00Z", breach.periodEnd().toString());

        // The next day is a new period: its own alerts, with other ids.
        book.add(call(DEC_1.plusSeconds(86_400), "search", "acme", "60"), alerts);
        assertEquals(4, alerts.size());
        assertNotEquals(breach.alertId(), alerts.get(3).alertId());
        assertEquals(breach.alertId(), Alert.id("search-daily", Alert.Kind.BUDGET_EXCEEDED,
                Map.of("feature", "search"), breach.periodStart()), "the same rule, scope, period and kind");
    }

    @Test
    void aStarScopeIsOneBudgetPerValueSeen() throws Exception {
        BudgetBook book = new BudgetBook(rules("""
                {"timezone": "Europe/Paris",
                 "budgets": [{"name": "each-customer", "scope": {"customer": "*"}, "period": "month",
                              "limit_usd": "200"}]}"""), CLOCK);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            book.add(call(DEC_1.plusSeconds(3600L * i), "chat", "acme", "90"), alerts);
            book.add(call(DEC_1.plusSeconds(3600L * i + 1), "chat", "globex", "10"), alerts);
            book.add(call(DEC_1.plusSeconds(3600L * i + 2), "chat", null, "500"), alerts);
        }
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals(Map.of("customer", "acme"), alerts.get(0).scope());
        assertEquals(new BigDecimal("270"), alerts.get(0).spentUsd());
        // December in Paris starts at 23:00 UTC on November 30th.
        assertEquals("2026-12-01T00:00+01:00", alerts.get(0).periodStart().toString());
        List<BudgetBook.Status> status = book.status(DEC_1.plusSeconds(4 * 3600));
        assertEquals(2, status.size());
        assertEquals("exceeded", status.stream().filter(s -> s.scope().get("customer").equals("acme")).findFirst()
                .orElseThrow().state());
        assertEquals(new BigDecimal("30"), status.stream().filter(s -> s.scope().get("customer").equals("globex"))
                .findFirst().orElseThrow().spentUsd());
    }

    @Test
    void aForecastPastTheLimitIsRaisedOnceWhenItBecomesMeaningful() throws Exception {
        BudgetBook book = new BudgetBook(rules("""
                {"budgets": [{"name": "growth-gpt4o", "scope": {"team": "growth", "model": "gpt-4o"},
                              "period": "month", "limit_usd": "500"}]}"""), CLOCK);
        List<Alert> alerts = new ArrayList<>();
        // $20 a day, a linear month: $620 by the 31st, past the $500 limit long before it is reached.
        for (int day = 0; day < 10; day++) {
            for (int hour = 0; hour < 24; hour += 6) {
                book.add(call(DEC_1.plusSeconds(86_400L * day + 3600L * hour), "chat", "acme", "5"), alerts);
            }
            book.checkForecasts(alerts);
        }
        assertEquals(1, alerts.size(), alerts.toString());
        Alert forecast = alerts.get(0);
        assertEquals(Alert.Kind.FORECAST_EXCEEDED, forecast.kind());
        // Raised on the 4th day, the first with three complete days behind it: 65 spent + 20 × 27.25 days left.
        assertTrue(forecast.timestamp().isBefore(DEC_1.plusSeconds(4 * 86_400)), forecast.toString());
        assertTrue(forecast.forecastUsd().compareTo(new BigDecimal("600")) > 0, forecast.toString());
        assertTrue(forecast.spentUsd().compareTo(new BigDecimal("500")) < 0);
    }

    @Test
    void aMinuteWindowAnomalyFiresOnceOnASpikeAndNeverForANewFeature() throws Exception {
        BudgetBook book = new BudgetBook(rules("""
                {"anomalies": [{"name": "feature-spike", "by": ["feature"], "window": "minute",
                                "baseline_windows": 30, "threshold_percent": 50, "min_baseline_usd": "1.00",
                                "min_windows": 10}]}"""), CLOCK);
        List<Alert> alerts = new ArrayList<>();
        // search: $2 a minute for 20 minutes, then $10 in minute 20.
        for (int minute = 0; minute < 20; minute++) {
            book.add(call(DEC_1.plusSeconds(60L * minute), "search", "acme", "2"), alerts);
        }
        for (int i = 0; i < 10; i++) {
            book.add(call(DEC_1.plusSeconds(20 * 60 + i), "search", "acme", "1"), alerts);
        }
        // A new feature's first minutes are all spike and no baseline: nobody is paged.
        for (int i = 0; i < 5; i++) {
            book.add(call(DEC_1.plusSeconds(18 * 60 + 60L * i), "brand-new", "acme", "50"), alerts);
        }
        assertEquals(1, alerts.size(), alerts.toString());
        Alert spike = alerts.get(0);
        assertEquals(Alert.Kind.ANOMALY, spike.kind());
        assertEquals(Map.of("feature", "search"), spike.scope());
        assertEquals(new BigDecimal("2.000000000"), spike.baselineUsd());
        assertEquals(new BigDecimal("4"), spike.spentUsd(), "the call that took the window past $3");
        assertEquals("2026-12-01T00:20Z", spike.windowStart().toString());
    }

    @Test
    void theBookSurvivesItsCheckpointWithNothingRaisedTwice() throws Exception {
        BudgetRules rules = rules("""
                {"budgets": [{"name": "all", "period": "week", "limit_usd": "10", "warn_percent": 50}],
                 "anomalies": [{"name": "by-customer", "by": ["customer"], "window": "hour", "baseline_windows": 4,
                                "threshold_percent": 100, "min_windows": 2}]}""");
        BudgetBook before = new BudgetBook(rules, CLOCK);
        List<Alert> alerts = new ArrayList<>();
        before.add(call(DEC_1, "chat", "acme", "6"), alerts);
        assertEquals(1, alerts.size());
        BudgetBook after = restored(rules, before);
        after.add(call(DEC_1.plusSeconds(1), "chat", "acme", "1"), alerts);
        assertEquals(1, alerts.size(), "the warning is not raised again");
        after.add(call(DEC_1.plusSeconds(2), "chat", "acme", "3"), alerts);
        assertEquals(Alert.Kind.BUDGET_EXCEEDED, alerts.get(1).kind());
        assertEquals(after.lines(false), restored(rules, after).lines(false));
    }

    /** Through the lines a state log keeps: all of them, then the changes since (a later line wins). */
    private static BudgetBook restored(BudgetRules rules, BudgetBook book) throws Exception {
        BudgetBook copy = new BudgetBook(rules, CLOCK);
        for (String line : book.lines(false)) {
            copy.restore(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        return copy;
    }

    @Test
    void aBadFileNamesEveryProblemAndNeverAHeaderValue() throws Exception {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> rules("""
                {"timezone": "Mars/Olympus",
                 "budgets": [{"name": "a", "scope": {"colour": "red"}, "period": "fortnight", "limit_usd": "-1"},
                             {"name": "a", "period": "day", "limit_usd": "ten"}],
                 "anomalies": [{"name": "x", "by": [], "window": "year", "threshold_percent": 50}],
                 "webhook": {"url": "ftp://x", "headers": {}}}"""));
        for (String problem : List.of("timezone 'Mars/Olympus'", "scope 'colour' is not a dimension",
                "period 'fortnight'", "\"limit_usd\" is negative", "\"limit_usd\" is not a number",
                "\"by\" must name", "window 'year'", "http or https")) {
            assertTrue(bad.getMessage().contains(problem), problem + " in " + bad.getMessage());
        }
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> rules("""
                {"budgets": [{"name": "a", "period": "day", "limit_usd": "1"}],
                 "webhook": {"url": "https://hooks.example.com/x", "headers": {"Authorization": "Bearer ${MISSING}"}}}
                """));
        assertTrue(unset.getMessage().contains("${MISSING}, which is not set"), unset.getMessage());
        BudgetRules set = rules("""
                {"budgets": [{"name": "a", "period": "day", "limit_usd": "1"}],
                 "webhook": {"url": "https://hooks.example.com/x?k=v", "headers": {"Authorization": "Bearer ${TOKEN}"}}}
                """);
        assertEquals("Bearer s3cret", set.webhook().headers().get("Authorization"));
        assertEquals("https://hooks.example.com/x", set.webhook().printable());
    }
}
