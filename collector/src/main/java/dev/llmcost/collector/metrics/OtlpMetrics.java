package dev.llmcost.collector.metrics;

import dev.llmcost.agent.schema.TokenKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same metrics pushed over OTLP/HTTP by the OpenTelemetry SDK, with the GenAI semantic conventions' names
 * where they have one: {@code gen_ai.client.token.usage} (a histogram of each call's input and output tokens,
 * {@code gen_ai.token.type}), {@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * {@code gen_ai.response.model}, {@code gen_ai.operation.name}; llmcost's names for the rest ({@code llmcost.cost}
 * in USD, {@code llmcost.tokens} by {@code llmcost.token.kind}, the attribution as {@code llmcost.feature}…).
 * A committed batch is recorded group by group (the counters once per group, the histogram once per call); the
 * SDK exports cumulative totals every interval on its own thread, and once more when the collector stops.
 */
final class OtlpMetrics implements CallRecorder, AutoCloseable {

    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> TOKEN_KIND = AttributeKey.stringKey("llmcost.token.kind");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> UNPRICED_REASON = AttributeKey.stringKey("llmcost.unpriced.reason");
    /** The semantic conventions' advice for {@code gen_ai.client.token.usage}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
            262144L, 1048576L, 4194304L, 16777216L, 67108864L);

    private final SdkMeterProvider provider;
    private final List<AttributeKey<String>> dimensionKeys;
    private final int attributeSetLimit;
    private final LongHistogram tokenUsage;
    private final LongCounter tokens;
    private final DoubleCounter cost;
    private final LongCounter calls;
    private final LongCounter unpriced;
    private final LongCounter errorResponses;

    private OtlpMetrics(SdkMeterProvider provider, CollectorMetrics metrics) {
        this.provider = provider;
        this.dimensionKeys = metrics.dimensions().names().stream().map(OtlpMetrics::attributeKey).toList();
        this.attributeSetLimit = (metrics.table().maxSeries() + 1) * 16;
        Meter meter = provider.get("dev.llmcost.collector");
        tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used (per call)")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        tokens = meter.counterBuilder("llmcost.tokens").setUnit("{token}")
                .setDescription("Tokens by llmcost.token.kind; input counts cache reads and writes, output counts"
                        + " reasoning").build();
        cost = meter.counterBuilder("llmcost.cost").ofDoubles().setUnit("USD")
                .setDescription("Cost of the calls in the ledger, as priced by the collector").build();
        calls = meter.counterBuilder("llmcost.calls").setUnit("{call}")
                .setDescription("Calls in the ledger (every call but error responses)").build();
        unpriced = meter.counterBuilder("llmcost.calls.unpriced").setUnit("{call}")
                .setDescription("Calls in the ledger without a cost, by llmcost.unpriced.reason").build();
        errorResponses = meter.counterBuilder("llmcost.error_responses").setUnit("{response}")
                .setDescription("Error responses, which providers do not bill").build();
        observeHealth(meter, metrics);
    }

    /**
     * Starts exporting to {@code endpoint} (OTLP/HTTP protobuf, e.g. {@code http://localhost:4318/v1/metrics})
     * every {@code interval}.
     */
    static OtlpMetrics start(String endpoint, Duration interval, CollectorMetrics metrics) {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder().setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(10)).build();
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(interval).build();
        // Our cap bounds the label combinations; the SDK's own limit (2000 by default) must not cut them again.
        int limit = Math.max(2000, (metrics.table().maxSeries() + 1) * 8);
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "llmcost-collector"))))
                .registerMetricReader(reader, instrumentType -> limit)
                .build();
        return new OtlpMetrics(provider, metrics);
    }

    /**
     * The attribute sets of each group seen, so that a batch costs a map lookup per group rather than building
     * attributes per call; bounded like the groups themselves (the cap times the models and operations), and
     * emptied should it ever grow past that.
     */
    private final Map<CallGroup.Key, GroupAttributes> attributeSets = new HashMap<>();
    private final Map<String, GroupAttributes> overflowSets = new HashMap<>();

    /** A group's attributes, and those of each of its measurements. */
    private record GroupAttributes(Attributes all, Attributes input, Attributes output, Attributes[] kinds,
                                   Attributes noPrice, Attributes noUsage) {

        static GroupAttributes of(Attributes all) {
            Attributes[] kinds = new Attributes[TokenKind.values().length];
            for (TokenKind kind : TokenKind.values()) {
                kinds[kind.ordinal()] = all.toBuilder().put(TOKEN_KIND, kind.shortName()).build();
            }
            return new GroupAttributes(all, all.toBuilder().put(TOKEN_TYPE, "input").build(),
                    all.toBuilder().put(TOKEN_TYPE, "output").build(), kinds,
                    all.toBuilder().put(UNPRICED_REASON, "no_price").build(),
                    all.toBuilder().put(UNPRICED_REASON, "no_usage").build());
        }
    }

    @Override
    public void record(CallGroup group, boolean overflowed) {
        GroupAttributes attributes = attributes(group.key, overflowed);
        SeriesTotals.Sum sum = group.sum;
        if (sum.errorResponses() > 0) {
            errorResponses.add(sum.errorResponses(), attributes.all());
        }
        if (sum.calls() > 0) {
            calls.add(sum.calls(), attributes.all());
        }
        if (sum.priced() > 0) {
            cost.add(sum.costUsd().doubleValue(), attributes.all());
        }
        if (sum.noPrice() > 0) {
            unpriced.add(sum.noPrice(), attributes.noPrice());
        }
        if (sum.noUsage() > 0) {
            unpriced.add(sum.noUsage(), attributes.noUsage());
        }
        for (TokenKind kind : TokenKind.values()) {
            long count = sum.tokens(kind);
            if (count > 0) {
                tokens.add(count, attributes.kinds()[kind.ordinal()]);
            }
        }
        for (int call = 0; call < group.measured(); call++) {
            tokenUsage.record(group.input(call), attributes.input());
            tokenUsage.record(group.output(call), attributes.output());
        }
    }

    private GroupAttributes attributes(CallGroup.Key key, boolean overflowed) {
        if (overflowed) {
            return overflowSets.computeIfAbsent(key.operation() == null ? "" : key.operation(),
                    operation -> GroupAttributes.of(overflowAttributes(key.operation())));
        }
        GroupAttributes known = attributeSets.get(key);
        if (known == null) {
            if (attributeSets.size() >= attributeSetLimit) {
                attributeSets.clear();
            }
            known = GroupAttributes.of(attributes(key));
            attributeSets.put(key, known);
        }
        return known;
    }

    /** The GenAI attributes and each label dimension's. */
    private Attributes attributes(CallGroup.Key key) {
        AttributesBuilder builder = Attributes.builder();
        putIfPresent(builder, OPERATION, key.operation());
        putIfPresent(builder, REQUEST_MODEL, key.requestModel());
        putIfPresent(builder, RESPONSE_MODEL, key.responseModel());
        for (int i = 0; i < dimensionKeys.size(); i++) {
            AttributeKey<String> attribute = dimensionKeys.get(i);
            if (attribute != null) {
                putIfPresent(builder, attribute, key.values().get(i));
            }
        }
        return builder.build();
    }

    /**
     * Past the series cap every attribute of the attribution, the provider and the model is
     * {@value SeriesTable#OVERFLOW}; the operation is kept (a handful of values at most).
     */
    private Attributes overflowAttributes(String operation) {
        AttributesBuilder builder = Attributes.builder();
        putIfPresent(builder, OPERATION, operation);
        builder.put(REQUEST_MODEL, SeriesTable.OVERFLOW);
        dimensionKeys.forEach(attribute -> {
            if (attribute != null) {
                builder.put(attribute, SeriesTable.OVERFLOW);
            }
        });
        return builder.build();
    }

    /**
     * The attribute of a label dimension; {@code null} for those the GenAI attributes already carry (the model as
     * asked for and as served, the operation).
     */
    static AttributeKey<String> attributeKey(String dimension) {
        return switch (dimension) {
            case "provider" -> PROVIDER;
            case "model", "request_model", "operation" -> null;
            default -> AttributeKey.stringKey("llmcost." + dimension);
        };
    }

    private static void putIfPresent(AttributesBuilder builder, AttributeKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            builder.put(key, value);
        }
    }

    /** The collector's health as observable instruments, read from the last published figures at each export. */
    private static void observeHealth(Meter meter, CollectorMetrics metrics) {
        meter.counterBuilder("llmcost.collector.records").setUnit("{record}")
                .setDescription("Queue records read, since the output directory was made")
                .buildWithCallback(m -> m.record(metrics.health().records()));
        meter.counterBuilder("llmcost.collector.rejected_records").setUnit("{record}")
                .setDescription("Queue records that could not be read, kept in rejected/")
                .buildWithCallback(m -> m.record(metrics.health().rejectedRecords()));
        meter.gaugeBuilder("llmcost.collector.unpriced_calls").ofLongs().setUnit("{call}")
                .setDescription("Calls in the ledger with usage but no price")
                .buildWithCallback(m -> m.record(metrics.health().unpricedCalls()));
        meter.gaugeBuilder("llmcost.collector.lag.records").ofLongs().setUnit("{record}")
                .setDescription("Queue records written after the last one the collector read")
                .buildWithCallback(m -> m.record(metrics.health().lagRecords()));
        meter.gaugeBuilder("llmcost.collector.lag").setUnit("s")
                .setDescription("How long ago the last call read ended, while records follow it; 0 when caught up")
                .buildWithCallback(m -> m.record(metrics.health().lagSeconds()));
        meter.gaugeBuilder("llmcost.collector.alerts.pending").ofLongs().setUnit("{alert}")
                .setDescription("Alerts in the webhook's outbox, not delivered yet")
                .buildWithCallback(m -> {
                    long pending = metrics.alertsPending();
                    if (pending >= 0) {
                        m.record(pending);
                    }
                });
        meter.counterBuilder("llmcost.agent.dropped_calls").setUnit("{call}")
                .setDescription("Calls the agents could not record (ring full, memory budget, queue unwritable)")
                .buildWithCallback(m -> m.record(metrics.health().agentDroppedCalls()));
        meter.counterBuilder("llmcost.metrics.overflow_calls").setUnit("{call}")
                .setDescription("Calls counted under __overflow__ attributes, past --metrics-max-series")
                .buildWithCallback(m -> m.record(metrics.table().snapshot().overflowCalls()));
        if (metrics.budgetsOn()) {
            AttributeKey<String> budget = AttributeKey.stringKey("llmcost.budget.name");
            AttributeKey<String> scope = AttributeKey.stringKey("llmcost.budget.scope");
            meter.gaugeBuilder("llmcost.budget.spent").setUnit("USD")
                    .setDescription("Spend of each budget instance in its current period")
                    .buildWithCallback(m -> metrics.health().budgets().forEach(b -> m.record(
                            b.spentUsd().doubleValue(), Attributes.of(budget, b.budget(), scope, b.scope()))));
            meter.gaugeBuilder("llmcost.budget.limit").setUnit("USD")
                    .setDescription("The limit of each budget instance")
                    .buildWithCallback(m -> metrics.health().budgets().forEach(b -> m.record(
                            b.limitUsd().doubleValue(), Attributes.of(budget, b.budget(), scope, b.scope()))));
        }
    }

    /** Exports what was recorded since the last export, then stops (waiting at most ten seconds). */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
