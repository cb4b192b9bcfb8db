package dev.llmcost.collector.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The metrics of one {@code collect} run: the spend series and the collector's health, published after each commit
 * by the {@link MetricsSink}, served at {@code /metrics} and/or pushed over OTLP. Counters start at zero with each
 * run.
 */
public final class CollectorMetrics implements AutoCloseable {

    /**
     * What {@code collect} was asked for.
     *
     * @param port         the {@code /metrics} port, or {@code null} for none
     * @param otlpEndpoint the OTLP/HTTP metrics URL, or {@code null} for none
     */
    public record Options(String host, Integer port, List<String> labels, int maxSeries, String otlpEndpoint,
                          Duration otlpInterval, boolean budgets) {
    }

    private final SeriesDimensions dimensions;
    private final SeriesTable table;
    private final boolean budgetsOn;
    private volatile CollectorHealth health = CollectorHealth.NONE;
    private volatile LongSupplier alertsPending = () -> -1;
    private PrometheusEndpoint prometheus;
    private OtlpMetrics otlp;

    CollectorMetrics(SeriesDimensions dimensions, int maxSeries, boolean budgetsOn) {
        this.dimensions = dimensions;
        this.table = new SeriesTable(dimensions.names().size(), maxSeries);
        this.budgetsOn = budgetsOn;
    }

    /** Starts the endpoint and the exporter asked for; fails when the port cannot be had. */
    public static CollectorMetrics start(Options options) throws IOException {
        CollectorMetrics metrics = new CollectorMetrics(SeriesDimensions.withExtra(options.labels()),
                options.maxSeries(), options.budgets());
        try {
            if (options.port() != null) {
                metrics.prometheus = PrometheusEndpoint.start(options.host(), options.port(), metrics);
            }
            if (options.otlpEndpoint() != null) {
                metrics.otlp = OtlpMetrics.start(options.otlpEndpoint(), options.otlpInterval(), metrics);
            }
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
        return metrics;
    }

    /** The sink that feeds these metrics, reading the collector's health from {@code health} after each commit. */
    public MetricsSink sink(HealthSource health) {
        List<CallRecorder> recorders = new ArrayList<>();
        if (otlp != null) {
            recorders.add(otlp);
        }
        return new MetricsSink(dimensions, table, recorders, health, this, System::currentTimeMillis);
    }

    /** How many alerts wait in the webhook's outbox, read at each scrape (-1: no webhook). */
    public void alertsPending(LongSupplier pending) {
        this.alertsPending = pending;
    }

    /** The port {@code /metrics} is served on (the one chosen, when asked for port 0); -1 when it is not served. */
    public int port() {
        return prometheus == null ? -1 : prometheus.port();
    }

    SeriesDimensions dimensions() {
        return dimensions;
    }

    SeriesTable table() {
        return table;
    }

    boolean budgetsOn() {
        return budgetsOn;
    }

    CollectorHealth health() {
        return health;
    }

    void health(CollectorHealth health) {
        this.health = health;
    }

    long alertsPending() {
        try {
            return alertsPending.getAsLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Stops serving, and pushes the last figures over OTLP. */
    @Override
    public void close() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }
}
