package dev.llmcost.contract;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spring's {@code WebClient} on its default connector, Reactor Netty: recorded by the Netty hook beneath it, once.
 * The streamed case reads the body as the {@code DataBuffer}s arrive, as an SSE consumer does.
 */
class SpringWebClientContractTest extends LlmHttpClientContract {

    private final WebClient client = WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(
                    HttpClient.create().responseTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS))))
            .build();

    private WebClient.ResponseSpec post(String url, String body) {
        return client.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(body).retrieve()
                .onStatus(status -> true, response -> Mono.empty()); // errors are read as bodies, as the others do
    }

    private Mono<Response> whole(String url, String body) {
        return post(url, body).toEntity(byte[].class).map(SpringWebClientContractTest::response);
    }

    private static Response response(ResponseEntity<byte[]> entity) {
        return new Response(entity.getStatusCode().value(), entity.getBody() == null ? new byte[0] : entity.getBody());
    }

    @Override
    protected Response send(String url, String body) {
        return whole(url, body).block(Duration.ofSeconds(10));
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) {
        return whole(url, body).toFuture();
    }

    @Override
    protected int stream(String url, String body, Lines lines) {
        AtomicInteger status = new AtomicInteger();
        ReactorNettyContractTest.LineSplitter splitter = new ReactorNettyContractTest.LineSplitter(lines);
        client.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToFlux(response -> {
                    status.set(response.statusCode().value());
                    return response.bodyToFlux(DataBuffer.class);
                })
                .map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                })
                .doOnNext(splitter::accept).doOnComplete(splitter::end).blockLast(Duration.ofSeconds(20));
        return status.get();
    }

    @Override
    protected void readPartly(String url, String body, int bytes) {
        AtomicLong read = new AtomicLong();
        client.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToFlux(response -> response.bodyToFlux(DataBuffer.class))
                .takeUntil(buffer -> read.addAndGet(buffer.readableByteCount()) >= bytes)
                .doOnNext(DataBufferUtils::release)
                .blockLast(Duration.ofSeconds(10));
    }
}
