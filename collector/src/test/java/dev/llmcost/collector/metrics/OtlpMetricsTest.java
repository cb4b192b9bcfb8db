package dev.llmcost.collector.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.PricedCall;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --otlp}: a local OTLP/HTTP receiver decodes the protobuf the SDK's exporter sends when the collector stops
 * (the interval is too long for any export before): the GenAI names, llmcost's cost and token kinds, the
 * attribution's attributes, and the committed calls' values only.
 */
class OtlpMetricsTest {

    private static final long NOW = 1_796_000_000_000L;
    private final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                received.add(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics";
    }

    private static PricedCall call(String feature, String cost, TokenCounts tokens) {
        CallRecord record = new CallRecord("e-" + feature + cost, "agent", "api", NOW, 10, "openai", "chat",
                "gpt-4o", "gpt-4o-2024-08-06", false, 200, "api.openai.com", UsageStatus.REPORTED, null, tokens,
                feature, "acme", "growth", Map.of(), null, null);
        return new PricedCall(record, new BigDecimal(cost), "openai/gpt-4o@2026-01-01", null);
    }

    @Test
    void theCommittedCallsReachTheReceiverUnderTheGenAiNamesWhenTheCollectorStops() throws Exception {
        CollectorMetrics metrics = CollectorMetrics.start(new CollectorMetrics.Options("127.0.0.1", null,
                List.of("customer"), 100, endpoint(), Duration.ofMinutes(10), false));
        MetricsSink sink = metrics.sink(() -> new CollectorHealth(9, 0, 0, 0, 0, Map.of(), 0, List.of(), 0, NOW));
        TokenCounts cached = TokenCounts.of(1000, 50).with(TokenKind.CACHE_READ, 600L);
        sink.accept(call("search", "0.25", cached));
        sink.accept(call("search", "0.5", TokenCounts.of(3000, 70)));
        sink.flush();
        sink.committed();
        sink.accept(call("search", "100", TokenCounts.of(1, 1))); // never committed
        metrics.close();

        assertEquals(1, received.size(), "one export, at close");
        assertEquals("application/x-protobuf", contentTypes.get(0));
        ResourceMetrics resource = received.get(0).getResourceMetrics(0);
        assertEquals("llmcost-collector", attributes(resource.getResource().getAttributesList()).get("service.name"));
        Map<String, Metric> byName = new HashMap<>();
        for (ScopeMetrics scope : resource.getScopeMetricsList()) {
            scope.getMetricsList().forEach(metric -> byName.put(metric.getName(), metric));
        }

        Metric usage = byName.get("gen_ai.client.token.usage");
        assertNotNull(usage, byName.keySet().toString());
        assertEquals("{token}", usage.getUnit());
        Map<String, HistogramDataPoint> byType = usage.getHistogram().getDataPointsList().stream().collect(
                Collectors.toMap(p -> attributes(p.getAttributesList()).get("gen_ai.token.type"), p -> p));
        assertEquals(Map.of("input", 2L, "output", 2L), Map.of("input", byType.get("input").getCount(),
                "output", byType.get("output").getCount()), "one measurement per call and type");
        assertEquals(4000.0, byType.get("input").getSum());
        assertEquals(120.0, byType.get("output").getSum());
        Map<String, String> attributes = attributes(byType.get("input").getAttributesList());
        assertEquals("openai", attributes.get("gen_ai.provider.name"));
        assertEquals("gpt-4o", attributes.get("gen_ai.request.model"));
        assertEquals("gpt-4o-2024-08-06", attributes.get("gen_ai.response.model"));
        assertEquals("chat", attributes.get("gen_ai.operation.name"));
        assertEquals("search", attributes.get("llmcost.feature"));
        assertEquals("growth", attributes.get("llmcost.team"));
        assertEquals("api", attributes.get("llmcost.service"));
        assertEquals("acme", attributes.get("llmcost.customer"));
        assertFalse(attributes.containsKey("llmcost.model"), "the model is the GenAI attributes'");

        Metric cost = byName.get("llmcost.cost");
        assertEquals("USD", cost.getUnit());
        assertTrue(cost.getSum().getIsMonotonic());
        assertEquals(0.75, cost.getSum().getDataPoints(0).getAsDouble(), "the uncommitted call is not in it");

        Map<String, Long> tokens = sums(byName.get("llmcost.tokens"), "llmcost.token.kind");
        assertEquals(Map.of("input", 4000L, "output", 120L, "cache_read", 600L), tokens);
        assertEquals(2L, byName.get("llmcost.calls").getSum().getDataPoints(0).getAsInt());
        assertEquals(9L, byName.get("llmcost.collector.records").getSum().getDataPoints(0).getAsInt());
    }

    @Test
    void pastTheCapEveryAttributionAttributeIsOverflow() throws Exception {
        CollectorMetrics metrics = CollectorMetrics.start(new CollectorMetrics.Options("127.0.0.1", null,
                List.of(), 1, endpoint(), Duration.ofMinutes(10), false));
        MetricsSink sink = metrics.sink(() -> CollectorHealth.NONE);
        sink.accept(call("a", "1", TokenCounts.of(1, 1)));
        sink.accept(call("b", "2", TokenCounts.of(1, 1)));
        sink.flush();
        sink.committed();
        metrics.close();

        Map<String, Double> costByFeature = new HashMap<>();
        Metric cost = received.get(0).getResourceMetrics(0).getScopeMetricsList().stream()
                .flatMap(scope -> scope.getMetricsList().stream()).filter(m -> m.getName().equals("llmcost.cost"))
                .findFirst().orElseThrow();
        for (NumberDataPoint point : cost.getSum().getDataPointsList()) {
            Map<String, String> attributes = attributes(point.getAttributesList());
            costByFeature.put(attributes.get("llmcost.feature"), point.getAsDouble());
            if (attributes.get("llmcost.feature").equals(SeriesTable.OVERFLOW)) {
                assertEquals(SeriesTable.OVERFLOW, attributes.get("gen_ai.provider.name"));
                assertEquals(SeriesTable.OVERFLOW, attributes.get("gen_ai.request.model"));
                assertFalse(attributes.containsKey("gen_ai.response.model"));
            }
        }
        assertEquals(Map.of("a", 1.0, SeriesTable.OVERFLOW, 2.0), costByFeature);
    }

    private static Map<String, Long> sums(Metric metric, String attribute) {
        return metric.getSum().getDataPointsList().stream().collect(Collectors.toMap(
                p -> attributes(p.getAttributesList()).get(attribute), NumberDataPoint::getAsInt));
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> map = new HashMap<>();
        keyValues.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
        return map;
    }
}
