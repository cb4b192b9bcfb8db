package dev.llmcost.contract;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.Context;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reactor Netty's {@code HttpClient} (on Netty 4.2): {@code block()}, {@code toFuture()}, a body streamed as the
 * server sends it, a body abandoned by cancelling. The request is written by an event loop, not the caller: the
 * caller's MDC reaches the row through the subscription.
 */
class ReactorNettyContractTest extends LlmHttpClientContract {

    private final HttpClient client = HttpClient.create()
            .responseTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS))
            .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));

    private HttpClient.ResponseReceiver<?> post(String url, String body) {
        return client.post().uri(url).send(ByteBufFlux.fromString(Mono.just(body)));
    }

    private Mono<Response> whole(String url, String body) {
        return post(url, body).responseSingle((response, content) -> content.asByteArray()
                .defaultIfEmpty(new byte[0]).map(bytes -> new Response(response.status().code(), bytes)));
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
        LineSplitter splitter = new LineSplitter(lines);
        post(url, body).response((response, content) -> {
            status.set(response.status().code());
            return content.asString(StandardCharsets.UTF_8);
        }).doOnNext(splitter::accept).doOnComplete(splitter::end).blockLast(Duration.ofSeconds(20));
        return status.get();
    }

    @Override
    protected void readPartly(String url, String body, int bytes) {
        AtomicLong read = new AtomicLong();
        post(url, body).response((response, content) -> content.asByteArray())
                .takeUntil(chunk -> read.addAndGet(chunk.length) >= bytes)
                .blockLast(Duration.ofSeconds(10));
    }

    /** WebFlux code keeps attribution in the Reactor Context, not the MDC: the row carries it just the same. */
    @Test
    void attributionFromTheReactorContext() throws Exception {
        MDC.put("customer", "from-mdc");
        MDC.put("team", "from-mdc");
        try {
            Response response = whole(url("json-context"), CHAT)
                    .contextWrite(Context.of("feature", client() + ":json-context", "customer", "contract"))
                    .block(Duration.ofSeconds(10));
            Baseline.check(client(), "json-context", "status=" + response.status());
        } finally {
            MDC.clear();
        }
        checkRow("json-context", row -> {
            org.junit.jupiter.api.Assertions.assertEquals("contract", row.customer(), "the Context wins");
            org.junit.jupiter.api.Assertions.assertEquals("from-mdc", row.team(), "the caller's MDC fills the rest");
        });
    }

    /** A subscription moved to a Reactor scheduler keeps the subscriber's attribution. */
    @Test
    void attributionAcrossAReactorScheduler() throws Exception {
        MDC.put("feature", client() + ":json-scheduler");
        MDC.put("customer", "contract");
        try {
            Response response = whole(url("json-scheduler"), CHAT)
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).block(Duration.ofSeconds(10));
            Baseline.check(client(), "json-scheduler", "status=" + response.status());
        } finally {
            MDC.clear();
        }
        checkRow("json-scheduler", row -> org.junit.jupiter.api.Assertions.assertEquals("contract", row.customer()));
    }

    /** Turns text chunks into lines as each chunk arrives. */
    static final class LineSplitter {
        private final Lines lines;
        private final StringBuilder pending = new StringBuilder();

        LineSplitter(Lines lines) {
            this.lines = lines;
        }

        void accept(String chunk) {
            pending.append(chunk);
            for (int end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
                String line = pending.substring(0, end);
                lines.line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                pending.delete(0, end + 1);
            }
        }

        void end() {
            if (pending.length() > 0) {
                lines.line(pending.toString());
                pending.setLength(0);
            }
        }
    }
}
