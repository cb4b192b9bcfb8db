package dev.llmcost.contract;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Apache HttpClient 5 async over HTTP/1.1: {@code SimpleHttpRequest}s read whole from the future, and a streamed
 * body split into lines by the application's own {@code AbstractBinResponseConsumer} as the I/O thread hands it
 * buffers. {@link ApacheHttpClient5H2AsyncContractTest} runs the same over HTTP/2.
 */
class ApacheHttpClient5AsyncContractTest extends LlmHttpClientContract {

    private static final CloseableHttpAsyncClient CLIENT = HttpAsyncClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
            .disableAutomaticRetries()
            .build();

    static {
        CLIENT.start();
    }

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }

    /** The client under test (the HTTP/2 variant has its own). */
    protected CloseableHttpAsyncClient asyncClient() {
        return CLIENT;
    }

    /** The URL to call for {@code url} of the contract's server. */
    protected String target(String url) {
        return url;
    }

    private SimpleHttpRequest post(String url, String body) {
        return SimpleRequestBuilder.post(target(url)).setBody(body, ContentType.APPLICATION_JSON).build();
    }

    private static Response read(SimpleHttpResponse response) {
        byte[] body = response.getBodyBytes();
        return new Response(response.getCode(), body == null ? new byte[0] : body);
    }

    /** How long the application waits for a call before it gives up and cancels it. */
    protected long appTimeoutMillis() {
        return 30_000;
    }

    /** What the application gets from the future: the cause of an ExecutionException is the client's. */
    private <T> T get(Future<T> future) throws Exception {
        try {
            return future.get(appTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        return read(get(asyncClient().execute(post(url, body), null)));
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        asyncClient().execute(post(url, body), new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                result.complete(read(response));
            }

            @Override
            public void failed(Exception e) {
                result.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                result.cancel(false);
            }
        });
        return result;
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        return get(asyncClient().execute(SimpleRequestProducer.create(post(url, body)), new LineConsumer(lines, -1, null),
                null));
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        CompletableFuture<Void> enough = new CompletableFuture<>();
        Future<Integer> call = asyncClient().execute(SimpleRequestProducer.create(post(url, body)),
                new LineConsumer(line -> { }, bytes, enough), null);
        enough.get(30, TimeUnit.SECONDS);
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException gaveUp) {
            // the consumer's own "enough", as expected
        }
    }

    /** Splits the body into lines as it arrives; optionally says when {@code enough} bytes have come. */
    private static final class LineConsumer extends AbstractBinResponseConsumer<Integer> {
        private final Lines lines;
        private final int enoughBytes;
        private final CompletableFuture<Void> enough;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int status;
        private long received;

        LineConsumer(Lines lines, int enoughBytes, CompletableFuture<Void> enough) {
            this.lines = lines;
            this.enoughBytes = enoughBytes;
            this.enough = enough;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer buffer, boolean endOfStream) throws IOException {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                received++;
                if (b == '\n') {
                    lines.line(line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", ""));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (enough != null && received >= enoughBytes && enough.complete(null)) {
                // How an application's consumer abandons a body: it refuses more (cancelling the future, tried
                // first, let the stream run on to its end on 5.6).
                throw new IOException("enough");
            }
        }

        @Override
        protected Integer buildResult() {
            if (line.size() > 0) {
                lines.line(line.toString(StandardCharsets.UTF_8));
            }
            return status;
        }

        @Override
        public void releaseResources() {
        }
    }
}
