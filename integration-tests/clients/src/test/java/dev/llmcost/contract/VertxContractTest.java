package dev.llmcost.contract;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vert.x 5: the {@code WebClient} for whole bodies (called from a thread of the application's, as a non-Vert.x
 * service does), the core {@code HttpClient} for a body read as it arrives. Vert.x writes on its event loop, beneath
 * which the Netty hook records the call.
 */
class VertxContractTest extends LlmHttpClientContract {

    private static final Vertx VERTX = Vertx.vertx();
    private final WebClient web = WebClient.create(VERTX);
    private final HttpClient http = VERTX.createHttpClient();

    @AfterAll
    static void closeVertx() throws Exception {
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Future<Response> whole(String url, String body) {
        return web.postAbs(url).putHeader("Content-Type", "application/json").idleTimeout(READ_TIMEOUT_MILLIS)
                .sendBuffer(Buffer.buffer(body))
                .map(response -> new Response(response.statusCode(),
                        response.body() == null ? new byte[0] : response.body().getBytes()));
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        return await(whole(url, body));
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) {
        return whole(url, body).toCompletionStage().toCompletableFuture();
    }

    /**
     * Sends {@code body} and hands the response to {@code reader} as soon as its head arrives: the reader is
     * registered before the request is sent, so it sets its handlers before any of the body is delivered.
     */
    private <T> Future<T> post(String url, String body,
                               java.util.function.BiConsumer<HttpClientResponse, Promise<T>> reader) {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                        .setIdleTimeout(READ_TIMEOUT_MILLIS).putHeader("Content-Type", "application/json"))
                .compose(request -> {
                    Promise<T> done = Promise.promise();
                    request.response().onSuccess(response -> reader.accept(response, done)).onFailure(done::tryFail);
                    request.end(Buffer.buffer(body)).onFailure(done::tryFail);
                    return done.future();
                });
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        ReactorNettyContractTest.LineSplitter splitter = new ReactorNettyContractTest.LineSplitter(lines);
        return await(this.<Integer>post(url, body, (response, done) -> {
            response.handler(chunk -> splitter.accept(chunk.toString()));
            response.exceptionHandler(done::tryFail);
            response.endHandler(ignored -> {
                splitter.end();
                done.tryComplete(response.statusCode());
            });
        }));
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        AtomicLong read = new AtomicLong();
        await(this.<Void>post(url, body, (response, done) -> {
            response.handler(chunk -> {
                if (read.addAndGet(chunk.length()) >= bytes && !done.future().isComplete()) {
                    response.request().connection().close();
                    done.tryComplete();
                }
            });
            response.exceptionHandler(done::tryFail);
            response.endHandler(ignored -> done.tryComplete());
        }));
    }
}
