package dev.llmcost.contract;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reactor Netty over HTTP/2 (h2c, prior knowledge): each request is a stream on a child channel, whose
 * {@code Http2StreamFrameToHttpObjectCodec} turns frames into the same HTTP objects the HTTP/1.1 codec gives — the
 * Netty hook sits after it. The server is Reactor Netty's own, in this JVM (its server-side codec is left alone).
 */
class ReactorNettyHttp2Test {

    private static DisposableServer server;
    private static AgentRecords records;
    private static final byte[] JSON = ContractServer.fixture(ContractServer.JSON);
    private static final byte[] STREAM = ContractServer.fixture(ContractServer.STREAM);

    @BeforeAll
    static void start() {
        server = HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .route(routes -> routes.post("/v1/chat/completions", (request, response) -> request.receive()
                        .aggregate().asString().flatMap(body -> {
                            boolean streaming = body.contains("\"stream\":true");
                            return response.header("content-type", streaming ? "text/event-stream" : "application/json")
                                    .sendByteArray(Mono.just(streaming ? STREAM : JSON)).then();
                        })))
                .bindNow();
        records = new AgentRecords();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    private String call(String feature, String body) {
        MDC.put("feature", feature);
        MDC.put("customer", "contract");
        try {
            return HttpClient.create().protocol(HttpProtocol.H2C)
                    .headers(headers -> headers.set("content-type", "application/json"))
                    .post().uri("http://127.0.0.1:" + server.port() + "/v1/chat/completions")
                    .send(ByteBufFlux.fromString(Mono.just(body)))
                    .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                            .map(text -> response.version() + " " + response.status().code() + " "
                                    + LlmHttpClientContract.sha256(text.getBytes(StandardCharsets.UTF_8))))
                    .block(Duration.ofSeconds(10));
        } finally {
            MDC.clear();
        }
    }

    @Test
    void aJsonCallAndAStreamOverH2c() throws Exception {
        Baseline.check("ReactorNettyH2c", "json", call("h2c:json", LlmHttpClientContract.CHAT));
        Baseline.check("ReactorNettyH2c", "stream", call("h2c:stream", LlmHttpClientContract.STREAM));
        if (Baseline.underAgent()) {
            CallRecord json = only("h2c:json");
            assertEquals(UsageStatus.REPORTED, json.usageStatus(), json.usageNote());
            assertEquals(12L, json.inputTokens());
            assertEquals(5L, json.outputTokens());
            assertEquals("gpt-4o-mini", json.requestModel());
            assertEquals("contract", json.customer());
            CallRecord stream = only("h2c:stream");
            assertEquals(UsageStatus.REPORTED, stream.usageStatus(), stream.usageNote());
            assertEquals(22L, stream.inputTokens());
            assertEquals(3L, stream.outputTokens());
            assertEquals(true, stream.streaming());
        }
    }

    private static CallRecord only(String feature) throws Exception {
        List<CallRecord> rows = records.waitFor(feature, 1, 10_000);
        assertEquals(1, rows.size(), feature + ": " + rows);
        assertEquals(1, records.waitFor(feature, 2, 300).size(), "one row, not two");
        return rows.get(0);
    }
}
