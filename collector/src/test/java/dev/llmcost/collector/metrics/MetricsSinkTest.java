package dev.llmcost.collector.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.PricedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics sink moves its counters only at {@code committed()}, forgets what a rollback undoes, and caps the
 * label combinations with an overflow combination that keeps the totals whole — as a scrape of the real endpoint
 * shows them.
 */
class MetricsSinkTest {

    private static final long NOW = 1_796_000_000_000L;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private CollectorMetrics metrics;
    private int events;

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private MetricsSink start(int maxSeries, List<String> labels, HealthSource health) throws IOException {
        metrics = CollectorMetrics.start(new CollectorMetrics.Options("127.0.0.1", 0, labels, maxSeries, null,
                Duration.ofSeconds(10), false));
        return metrics.sink(health);
    }

    private MetricsSink start(int maxSeries, List<String> labels) throws IOException {
        return start(maxSeries, labels, () -> CollectorHealth.NONE);
    }

    private PricedCall call(String feature, String customer, String cost) {
        return call(feature, customer, cost, UsageStatus.REPORTED, 200);
    }

    private PricedCall call(String feature, String customer, String cost, UsageStatus usage, int status) {
        TokenCounts tokens = usage == UsageStatus.REPORTED
                ? TokenCounts.of(100, 10).with(TokenKind.CACHE_READ, 40L).with(TokenKind.REASONING, 3L) : null;
        CallRecord record = new CallRecord("e-" + ++events, "agent", "api", NOW, 10, "openai", "chat",
                "gpt-4o", "gpt-4o-2024-08-06", false, status, "api.openai.com", usage, null, tokens, feature,
                customer, "growth", Map.of("tier", "gold"), null, null);
        return new PricedCall(record, cost == null ? null : new BigDecimal(cost),
                cost == null ? null : "openai/gpt-4o@2026-01-01", cost == null ? "no price" : null);
    }

    /** accept → flush → (the checkpoint is saved) → committed, as Collection commits a batch. */
    private static void commit(MetricsSink sink, PricedCall... calls) {
        for (PricedCall call : calls) {
            sink.accept(call);
        }
        sink.flush();
        sink.committed();
    }

    /** The sample lines of a scrape (the second: the first shows new series at 0), without comments, by series. */
    private Map<String, String> scrape() throws Exception {
        firstScrape();
        return firstScrape();
    }

    private Map<String, String> firstScrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + metrics.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, String> samples = new TreeMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), line.substring(space + 1));
        });
        return samples;
    }

    /** A series of feature a's calls (as call() makes them), with {@code more} labels: as Prometheus writes it. */
    private static String series(String metric, String... more) {
        TreeMap<String, String> labels = new TreeMap<>(Map.of("feature", "a", "model", "gpt-4o-2024-08-06",
                "provider", "openai", "service", "api", "team", "growth"));
        for (int i = 0; i < more.length; i += 2) {
            labels.put(more[i], more[i + 1]);
        }
        StringBuilder key = new StringBuilder(metric).append('{');
        labels.forEach((name, value) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(name)
                .append("=\"").append(value).append('"'));
        return key.append('}').toString();
    }

    @Test
    void countersMoveOnlyWhenTheBatchIsCommitted() throws Exception {
        MetricsSink sink = start(100, List.of());
        sink.accept(call("a", "acme", "0.25"));
        sink.accept(call("a", "acme", "0.5"));
        assertFalse(scrape().containsKey(series("llmcost_cost_usd_total")), "accepted, not committed");
        sink.flush();
        assertFalse(scrape().containsKey(series("llmcost_cost_usd_total")), "flushed, checkpoint not saved");
        sink.committed();
        Map<String, String> samples = scrape();
        assertEquals("0.75", samples.get(series("llmcost_cost_usd_total")));
        assertEquals("2.0", samples.get(series("llmcost_calls_total")));
        assertEquals("200.0", samples.get(series("llmcost_tokens_total", "kind", "input")));
        assertEquals("20.0", samples.get(series("llmcost_tokens_total", "kind", "output")));
        assertEquals("80.0", samples.get(series("llmcost_tokens_total", "kind", "cache_read")));
        assertEquals("6.0", samples.get(series("llmcost_tokens_total", "kind", "reasoning")));
        assertEquals("0.0", samples.get(series("llmcost_tokens_total", "kind", "cache_write_1h")));
    }

    @Test
    void aNewSeriesIsFirstScrapedAtZeroSoThatIncreaseCountsItsFirstBatch() throws Exception {
        MetricsSink sink = start(100, List.of());
        commit(sink, call("a", "acme", "0.25"));
        assertEquals("0.0", firstScrape().get(series("llmcost_cost_usd_total")));
        assertEquals("0.25", firstScrape().get(series("llmcost_cost_usd_total")));
        commit(sink, call("a", "acme", "0.5"), call("b", "acme", "1"));
        Map<String, String> samples = firstScrape();
        assertEquals("0.75", samples.get(series("llmcost_cost_usd_total")));
        assertEquals("0.0", samples.get(series("llmcost_cost_usd_total", "feature", "b")));
    }

    @Test
    void aBatchRolledBackIsNeverCounted() throws Exception {
        MetricsSink sink = start(100, List.of());
        commit(sink, call("a", "acme", "1"));
        // A batch taken and flushed, then the collector dies before its checkpoint: the restarted run rolls
        // every sink back; this one forgets the batch (the restarted collector's own sink starts at zero).
        sink.accept(call("a", "acme", "2"));
        sink.flush();
        assertTrue(sink.rollBack(JsonNodeFactory.instance.objectNode()));
        sink.committed();
        assertEquals("1.0", scrape().get(series("llmcost_cost_usd_total")));
    }

    @Test
    void theCostIsTheExactSumOfTheLedgersCostsNotASumOfDoubles() throws Exception {
        MetricsSink sink = start(100, List.of());
        for (int i = 0; i < 10; i++) {
            commit(sink, call("a", "acme", "0.1"), call("a", "acme", "0.2"));
        }
        // 0.1 + 0.2 added as doubles thirty times would be 2.9999999999999996.
        assertEquals("3.0", scrape().get(series("llmcost_cost_usd_total")));
    }

    @Test
    void callsWithoutACostAndErrorResponsesAreCountedApart() throws Exception {
        MetricsSink sink = start(100, List.of());
        commit(sink, call("a", "acme", null), call("a", "acme", null, UsageStatus.MISSING, 200),
                call("a", "acme", null, UsageStatus.ERROR, 429), call("a", "acme", "0.5"));
        Map<String, String> samples = scrape();
        assertEquals("3.0", samples.get(series("llmcost_calls_total")), "the error response is not a call");
        assertEquals("1.0", samples.get(series("llmcost_unpriced_calls_total", "reason", "no_price")));
        assertEquals("1.0", samples.get(series("llmcost_unpriced_calls_total", "reason", "no_usage")));
        assertEquals("1.0", samples.get(series("llmcost_error_responses_total")));
        assertEquals("0.5", samples.get(series("llmcost_cost_usd_total")));
    }

    @Test
    void pastTheCapCallsGoToTheOverflowSeriesAndAreCounted() throws Exception {
        MetricsSink sink = start(2, List.of("customer"));
        // Three combinations in one batch: the cap holds within a batch, not only across batches.
        commit(sink, call("a", "c1", "1"), call("b", "c1", "2"), call("c", "c1", "4"), call("a", "c2", "8"));
        commit(sink, call("a", "c1", "16"), call("c", "c1", "32"));
        Map<String, String> samples = scrape();
        String overflow = "customer=\"__overflow__\",feature=\"__overflow__\",model=\"__overflow__\","
                + "provider=\"__overflow__\",service=\"__overflow__\",team=\"__overflow__\"";
        assertEquals("17.0", samples.get(series("llmcost_cost_usd_total", "customer", "c1")),
                "an admitted combination goes on counting");
        assertEquals("2.0", samples.get(series("llmcost_cost_usd_total", "customer", "c1", "feature", "b")));
        assertEquals("44.0", samples.get("llmcost_cost_usd_total{" + overflow + "}"));
        assertEquals("3.0", samples.get("llmcost_metrics_overflow_calls_total"));
        assertEquals("2.0", samples.get("llmcost_metrics_series"));
        double total = samples.entrySet().stream().filter(e -> e.getKey().startsWith("llmcost_cost_usd_total{"))
                .mapToDouble(e -> Double.parseDouble(e.getValue())).sum();
        assertEquals(63.0, total, "the totals stay whole");
        assertEquals(3, samples.keySet().stream().filter(k -> k.startsWith("llmcost_cost_usd_total{")).count());
    }

    @Test
    void attributeLabelsAreOptInAndNamedForPrometheus() throws Exception {
        MetricsSink sink = start(100, List.of("attributes.tier", "environment"));
        commit(sink, call("a", "acme", "1"));
        assertEquals("1.0", scrape().get(series("llmcost_cost_usd_total", "attr_tier", "gold", "environment", "")), scrape().toString());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SeriesDimensions.withExtra(List.of("colour")));
        assertTrue(unknown.getMessage().contains("colour is not a dimension"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeriesDimensions.withExtra(List.of("feature")));
        assertThrows(IllegalArgumentException.class,
                () -> SeriesDimensions.withExtra(List.of("attributes.a-b", "attributes.a_b")));
    }

    @Test
    void healthIsPublishedWithEachCommitWithTheLagInSecondsWhileBehind() throws Exception {
        long[] lag = {0};
        MetricsSink sink = start(100, List.of(), () -> new CollectorHealth(42, 1, 3, lag[0], 0,
                Map.of("captured", 50L, "dropped_ring_full", 2L), 2,
                List.of(new CollectorHealth.BudgetSpend("daily", "feature=a", new BigDecimal("0.75"),
                        BigDecimal.ONE)), 1, NOW));
        lag[0] = 7;
        commit(sink, call("a", "acme", "1"));
        Map<String, String> samples = scrape();
        assertEquals("42.0", samples.get("llmcost_collector_records_total"));
        assertEquals("1.0", samples.get("llmcost_collector_rejected_records_total"));
        assertEquals("3.0", samples.get("llmcost_collector_unpriced_calls"));
        assertEquals("7.0", samples.get("llmcost_collector_lag_records"));
        double seconds = Double.parseDouble(samples.get("llmcost_collector_lag_seconds"));
        assertTrue(seconds > 1000, "the last call read ended at NOW + 10 ms, long ago: " + seconds);
        assertEquals("2.0", samples.get("llmcost_agent_dropped_calls_total"));
        assertEquals("50.0", samples.get("llmcost_agent_events_total{event=\"captured\"}"));
        assertFalse(samples.containsKey("llmcost_budget_spent_usd{budget=\"daily\",scope=\"feature=a\"}"),
                "no budget gauges without --budgets");
        lag[0] = 0;
        commit(sink);
        assertEquals("0.0", scrape().get("llmcost_collector_lag_seconds"), "caught up");
    }

    @Test
    void budgetGaugesShowTheInstancesNearestTheirLimitFirst() throws Exception {
        metrics = CollectorMetrics.start(new CollectorMetrics.Options("127.0.0.1", 0, List.of(), 2, null,
                Duration.ofSeconds(10), true));
        MetricsSink sink = metrics.sink(() -> new CollectorHealth(0, 0, 0, 0, 0, Map.of(), 0, List.of(
                new CollectorHealth.BudgetSpend("each", "customer=c1", new BigDecimal("0.5"), BigDecimal.ONE)), 3,
                NOW));
        commit(sink);
        Map<String, String> samples = scrape();
        assertEquals("0.5", samples.get("llmcost_budget_spent_usd{budget=\"each\",scope=\"customer=c1\"}"));
        assertEquals("1.0", samples.get("llmcost_budget_limit_usd{budget=\"each\",scope=\"customer=c1\"}"));
        assertEquals("3.0", samples.get("llmcost_budget_instances"));
    }
}
