package dev.llmcost.collector;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.collector.read.QueueReader;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** collect's metrics options: what is refused, and {@code --otlp} through a whole run and the next. */
class CollectMetricsTest {

    private static final long NOV_24 = 1_795_507_200_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void quietChronicle() {
        ChronicleSettings.applyDefaults();
    }

    private static void append(Path queue, int from, int to) {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (int n = from; n < to; n++) {
                // $0.15 each: a million input tokens of gpt-4o-mini.
                String document = QueueRecordCodec.toJson(new CallRecord("event-" + n, "agent", "svc", NOV_24 + n, 5,
                        "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com",
                        UsageStatus.REPORTED, null, TokenCounts.of(1_000_000, 0), "chat", "acme", null, Map.of(),
                        null, null));
                try (var context = appender.writingDocument()) {
                    context.wire().bytes().write(document.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private int collect(List<String> args) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new CollectCommand(out, out).run(args);
    }

    private void refused(String message, String... args) {
        List<String> all = new ArrayList<>(List.of("--queue", dir.resolve("q").toString(), "--out",
                dir.resolve("o").toString()));
        all.addAll(List.of(args));
        CollectorException e = assertThrows(CollectorException.class, () -> collect(all));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void optionsThatCannotWorkAreRefusedBeforeAnythingIsRead() {
        refused("--metrics-port needs --follow", "--once", "--metrics-port", "9464");
        refused("colour is not a dimension", "--follow", "--metrics-port", "9464", "--metrics-labels", "colour");
        refused("--metrics-max-series needs --metrics-port or --otlp", "--metrics-max-series", "10");
        refused("--metrics-max-series must be a number from 1", "--follow", "--metrics-port", "0",
                "--metrics-max-series", "0");
        refused("--otlp must be an http:// or https:// URL", "--otlp", "ftp://collector:4318");
        refused("--otlp-interval-ms needs --otlp", "--follow", "--metrics-port", "0", "--otlp-interval-ms", "500");
    }

    @Test
    void anOtlpUrlWithoutAPathIsTheReceiversBase() throws Exception {
        assertEquals("http://otel:4318/v1/metrics", MetricsOption.otlpEndpoint("http://otel:4318"));
        assertEquals("http://otel:4318/v1/metrics", MetricsOption.otlpEndpoint("http://otel:4318/"));
        assertEquals("https://otel/custom/path", MetricsOption.otlpEndpoint("https://otel/custom/path"));
    }

    @Test
    void eachRunPushesWhatItCommittedWhenItEnds() throws Exception {
        List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path queue = dir.resolve("queue");
            List<String> args = List.of("--queue", queue.toString(), "--out", dir.resolve("out").toString(),
                    "--once", "--batch-size", "3", "--otlp", "http://127.0.0.1:" + receiver.getAddress().getPort());
            append(queue, 0, 4);
            assertEquals(0, collect(args));
            assertEquals(0.6, cost(received.get(received.size() - 1)), 1e-12);
            append(queue, 4, 6);
            assertEquals(0, collect(args));
            assertEquals(0.3, cost(received.get(received.size() - 1)), 1e-12,
                    "a run counts from zero, and only what it collected");
        } finally {
            receiver.stop(0);
        }
    }

    private static double cost(ExportMetricsServiceRequest request) {
        return request.getResourceMetrics(0).getScopeMetricsList().stream()
                .flatMap(scope -> scope.getMetricsList().stream()).filter(m -> m.getName().equals("llmcost.cost"))
                .map(Metric::getSum).flatMap(sum -> sum.getDataPointsList().stream())
                .mapToDouble(point -> point.getAsDouble()).sum();
    }

    @Test
    void theLagIsTheDocumentsAfterTheLastOneProcessed() {
        Path queue = dir.resolve("queue");
        append(queue, 0, 5);
        try (QueueReader reader = QueueReader.openAfter(queue, -1)) {
            assertEquals(5, reader.countAfter(-1));
            reader.next();
            long second = reader.next().index();
            assertEquals(3, reader.countAfter(second));
            long last = second;
            for (QueueReader.Document document; (document = reader.next()) != null; ) {
                last = document.index();
            }
            assertEquals(0, reader.countAfter(last));
            append(queue, 5, 7);
            assertEquals(2, reader.countAfter(last));
        }
    }
}
