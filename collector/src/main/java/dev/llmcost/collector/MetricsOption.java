package dev.llmcost.collector;

import dev.llmcost.collector.metrics.CollectorMetrics;
import dev.llmcost.collector.metrics.SeriesDimensions;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * The metrics options of {@code collect}: {@code --metrics-port N [--metrics-host H] [--metrics-labels a,b]
 * [--metrics-max-series N]} (a Prometheus {@code /metrics} endpoint, with {@code --follow}) and {@code --otlp URL
 * [--otlp-interval-ms N]} (pushed over OTLP/HTTP).
 */
final class MetricsOption {

    static final Set<String> VALUE_OPTIONS = Set.of("metrics-port", "metrics-host", "metrics-labels",
            "metrics-max-series", "otlp", "otlp-interval-ms");
    /** Every interface, as exporters do: Prometheus scrapes from another host or pod. */
    static final String DEFAULT_HOST = "0.0.0.0";
    /** Label combinations; each is some ten time series (cost, calls, six token kinds, unpriced, errors). */
    static final int DEFAULT_MAX_SERIES = 1000;
    static final int DEFAULT_OTLP_INTERVAL_MILLIS = 10_000;

    private MetricsOption() {
    }

    /** What was asked for, or {@code null} when neither {@code --metrics-port} nor {@code --otlp} was given. */
    static CollectorMetrics.Options read(Arguments arguments, boolean follow, boolean budgets)
            throws CollectorException {
        String otlp = arguments.value("otlp");
        boolean prometheus = arguments.value("metrics-port") != null;
        if (!prometheus && otlp == null) {
            for (String option : VALUE_OPTIONS) {
                if (arguments.value(option) != null) {
                    throw new CollectorException("--" + option + " needs --metrics-port or --otlp");
                }
            }
            return null;
        }
        if (prometheus && !follow) {
            throw new CollectorException("--metrics-port needs --follow (the endpoint lives as long as collect)");
        }
        if (!prometheus && arguments.value("metrics-host") != null) {
            throw new CollectorException("--metrics-host needs --metrics-port");
        }
        if (otlp == null && arguments.value("otlp-interval-ms") != null) {
            throw new CollectorException("--otlp-interval-ms needs --otlp");
        }
        try {
            SeriesDimensions.withExtra(arguments.list("metrics-labels"));
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
        Integer port = prometheus ? arguments.integer("metrics-port", 0, 0, 65_535) : null;
        int maxSeries = arguments.integer("metrics-max-series", DEFAULT_MAX_SERIES, 1, 1_000_000);
        int interval = arguments.integer("otlp-interval-ms", DEFAULT_OTLP_INTERVAL_MILLIS, 100, 3_600_000);
        return new CollectorMetrics.Options(arguments.value("metrics-host", DEFAULT_HOST), port,
                arguments.list("metrics-labels"), maxSeries, otlp == null ? null : otlpEndpoint(otlp),
                Duration.ofMillis(interval), budgets);
    }

    /** An http(s) URL; one without a path is the collector's base URL, to which {@code /v1/metrics} is added. */
    static String otlpEndpoint(String url) throws CollectorException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CollectorException("--otlp is not a URL: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CollectorException("--otlp must be an http:// or https:// URL (OTLP/HTTP, e.g."
                    + " http://localhost:4318/v1/metrics), not " + url);
        }
        String path = uri.getPath();
        return path == null || path.isEmpty() || path.equals("/") ? url.replaceAll("/$", "") + "/v1/metrics" : url;
    }

    /** Starts them and says where they go; a port that cannot be had is the user's error, not a crash. */
    static CollectorMetrics start(CollectorMetrics.Options options, PrintStream out) throws CollectorException {
        CollectorMetrics metrics;
        try {
            metrics = CollectorMetrics.start(options);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        } catch (IOException e) {
            throw new CollectorException("cannot serve metrics on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage());
        }
        if (options.port() != null) {
            out.println("metrics: http://" + options.host() + ":" + metrics.port() + "/metrics");
        }
        if (options.otlpEndpoint() != null) {
            out.println("metrics: OTLP to " + options.otlpEndpoint() + " every "
                    + options.otlpInterval().toMillis() + " ms");
        }
        return metrics;
    }
}
