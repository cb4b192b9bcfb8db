package dev.llmcost.collector.metrics;

import dev.llmcost.agent.schema.TokenKind;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /metrics} in the Prometheus client library's formats, served by its HTTP server on threads of its own. A
 * scrape reads the last published snapshots (the series and the collector's health), so it never waits for the
 * collector, and the collector never waits for it.
 */
final class PrometheusEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private PrometheusEndpoint(HTTPServer server) {
        this.server = server;
    }

    static PrometheusEndpoint start(String host, int port, CollectorMetrics metrics) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new Families(metrics));
        return new PrometheusEndpoint(HTTPServer.builder().hostname(host).port(port).registry(registry)
                .buildAndStart());
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Every family, built at each scrape from the published snapshots. */
    static final class Families implements MultiCollector {

        private final CollectorMetrics metrics;
        /** The series some scrape has already been given (at 0). */
        private final java.util.Set<List<String>> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Families(CollectorMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public MetricSnapshots collect() {
            List<MetricSnapshot> families = new ArrayList<>();
            spend(metrics.table().snapshot(), families);
            health(metrics.health(), families);
            return new MetricSnapshots(families);
        }

        private void spend(SeriesTable.Snapshot snapshot, List<MetricSnapshot> families) {
            String[] names = metrics.dimensions().labelNames().toArray(String[]::new);
            CounterSnapshot.Builder cost = counter("llmcost_cost_usd",
                    "Cost of the calls in the ledger in US dollars, as priced by the collector");
            CounterSnapshot.Builder calls = counter("llmcost_calls",
                    "Calls in the ledger (every call but error responses)");
            CounterSnapshot.Builder tokens = counter("llmcost_tokens",
                    "Tokens by kind; input counts cache reads and writes, output counts reasoning: sum by kind, not"
                            + " across kinds");
            CounterSnapshot.Builder unpriced = counter("llmcost_unpriced_calls",
                    "Calls in the ledger without a cost: no_price (no price in the catalog) or no_usage (usage not"
                            + " reported)");
            CounterSnapshot.Builder errors = counter("llmcost_error_responses",
                    "Error responses, which providers do not bill (kept apart from the ledger)");
            for (Map.Entry<List<String>, SeriesTotals> series : snapshot.series().entrySet()) {
                Labels labels = Labels.of(names, series.getKey().toArray(String[]::new));
                // A series is shown at 0 the first time it is scraped: Prometheus' increase() and rate() count
                // from a series' first sample, so a series born with its first batch's spend would never count it.
                SeriesTotals totals = announced.add(series.getKey()) ? SeriesTotals.ZERO : series.getValue();
                cost.dataPoint(point(labels, totals.costUsd().doubleValue()));
                calls.dataPoint(point(labels, totals.calls()));
                for (TokenKind kind : SeriesTotals.KINDS) {
                    tokens.dataPoint(point(labels.add("kind", kind.shortName()), totals.tokens(kind)));
                }
                unpriced.dataPoint(point(labels.add("reason", "no_price"), totals.noPrice()));
                unpriced.dataPoint(point(labels.add("reason", "no_usage"), totals.noUsage()));
                errors.dataPoint(point(labels, totals.errorResponses()));
            }
            families.add(cost.build());
            families.add(calls.build());
            families.add(tokens.build());
            families.add(unpriced.build());
            families.add(errors.build());
            families.add(counter("llmcost_metrics_overflow_calls",
                    "Calls counted under the __overflow__ labels: their label combination came past"
                            + " --metrics-max-series")
                    .dataPoint(point(Labels.EMPTY, snapshot.overflowCalls())).build());
            long admitted = snapshot.series().keySet().stream()
                    .filter(key -> !key.get(0).equals(SeriesTable.OVERFLOW)).count();
            families.add(gauge("llmcost_metrics_series", "Label combinations counted (at most --metrics-max-series)",
                    admitted));
            families.add(gauge("llmcost_metrics_max_series", "--metrics-max-series", metrics.table().maxSeries()));
        }

        private void health(CollectorHealth health, List<MetricSnapshot> families) {
            families.add(counter("llmcost_collector_records",
                    "Queue records read, since the output directory was made: rate() is records per second")
                    .dataPoint(point(Labels.EMPTY, health.records())).build());
            families.add(counter("llmcost_collector_rejected_records",
                    "Queue records that could not be read, kept in rejected/")
                    .dataPoint(point(Labels.EMPTY, health.rejectedRecords())).build());
            families.add(gauge("llmcost_collector_unpriced_calls",
                    "Calls in the ledger with usage but no price (a reprice lowers it)", health.unpricedCalls()));
            families.add(gauge("llmcost_collector_lag_records",
                    "Queue records written after the last one the collector read", health.lagRecords()));
            families.add(gauge("llmcost_collector_lag_seconds",
                    "How long ago the last call read ended, while records follow it; 0 when caught up",
                    health.lagSeconds()));
            families.add(gauge("llmcost_collector_last_commit_timestamp_seconds",
                    "When the collector last committed a batch (Unix time)", health.committedAtMillis() / 1000.0));
            long pending = metrics.alertsPending();
            if (pending >= 0) {
                families.add(gauge("llmcost_collector_alerts_pending",
                        "Alerts in the webhook's outbox, not delivered yet", pending));
            }
            families.add(counter("llmcost_agent_dropped_calls",
                    "Calls the agents could not record (ring full, over the memory budget, queue unwritable), from"
                            + " their latest counters").dataPoint(point(Labels.EMPTY, health.agentDroppedCalls()))
                    .build());
            CounterSnapshot.Builder agents = counter("llmcost_agent_events",
                    "The agents' own counters, summed over the agents (each as of its latest counters record)");
            health.agentCounters().forEach((name, value) -> agents.dataPoint(point(Labels.of("event", name), value)));
            families.add(agents.build());
            if (metrics.budgetsOn()) {
                GaugeSnapshot.Builder spent = GaugeSnapshot.builder().name("llmcost_budget_spent_usd")
                        .help("Spend of each budget instance in its current period, in US dollars");
                GaugeSnapshot.Builder limit = GaugeSnapshot.builder().name("llmcost_budget_limit_usd")
                        .help("The limit of each budget instance, in US dollars");
                for (CollectorHealth.BudgetSpend budget : health.budgets()) {
                    Labels labels = Labels.of("budget", budget.budget(), "scope", budget.scope());
                    spent.dataPoint(gaugePoint(labels, budget.spentUsd().doubleValue()));
                    limit.dataPoint(gaugePoint(labels, budget.limitUsd().doubleValue()));
                }
                families.add(spent.build());
                families.add(limit.build());
                families.add(gauge("llmcost_budget_instances",
                        "Budget instances in their current period (those shown are at most --metrics-max-series)",
                        health.budgetInstances()));
            }
        }

        private static CounterSnapshot.Builder counter(String name, String help) {
            return CounterSnapshot.builder().name(name).help(help);
        }

        private static CounterDataPointSnapshot point(Labels labels, double value) {
            return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
        }

        private static GaugeDataPointSnapshot gaugePoint(Labels labels, double value) {
            return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
        }

        private static GaugeSnapshot gauge(String name, String help, double value) {
            return GaugeSnapshot.builder().name(name).help(help).dataPoint(gaugePoint(Labels.EMPTY, value)).build();
        }
    }
}
