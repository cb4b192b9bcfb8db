package dev.llmcost.contract;

import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.client.methods.AsyncByteConsumer;
import org.apache.http.nio.client.methods.HttpAsyncMethods;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Apache HttpAsyncClient 4.1: {@code execute(HttpUriRequest, callback)} read whole from the future, and a streamed
 * body split into lines by the application's own {@code AsyncByteConsumer} as the I/O thread hands it bytes.
 */
class ApacheHttpAsyncClient4ContractTest extends LlmHttpClientContract {

    private static final CloseableHttpAsyncClient CLIENT = HttpAsyncClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(READ_TIMEOUT_MILLIS).build())
            .build();

    static {
        CLIENT.start();
    }

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }

    /** The client under test (each class has its own, and closes only that). */
    protected CloseableHttpAsyncClient asyncClient() {
        return CLIENT;
    }

    /** The request entity (the streamed-body variant sends a non-repeatable one). */
    protected HttpEntity entity(String body) {
        return new StringEntity(body, ContentType.APPLICATION_JSON);
    }

    private HttpPost post(String url, String body) {
        HttpPost post = new HttpPost(url);
        post.setEntity(entity(body));
        return post;
    }

    private static Response read(HttpResponse response) throws Exception {
        return new Response(response.getStatusLine().getStatusCode(), EntityUtils.toByteArray(response.getEntity()));
    }

    /** What the application gets from the future: the cause of an ExecutionException is the client's. */
    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
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
            public void completed(HttpResponse response) {
                try {
                    result.complete(read(response));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
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
        return get(asyncClient().execute(HttpAsyncMethods.create(post(url, body)), new LineConsumer(lines, -1, null), null));
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        CompletableFuture<Void> enough = new CompletableFuture<>();
        Future<Integer> call = asyncClient().execute(HttpAsyncMethods.create(post(url, body)),
                new LineConsumer(line -> { }, bytes, enough), null);
        enough.get(30, TimeUnit.SECONDS);
        call.cancel(true);
    }

    /** Splits the body into lines as it arrives; optionally says when {@code enough} bytes have come. */
    private static final class LineConsumer extends AsyncByteConsumer<Integer> {
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
        protected void onResponseReceived(HttpResponse response) {
            status = response.getStatusLine().getStatusCode();
        }

        @Override
        protected void onByteReceived(ByteBuffer buffer, IOControl control) {
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
            if (enough != null && received >= enoughBytes) {
                enough.complete(null);
            }
        }

        @Override
        protected Integer buildResult(HttpContext context) {
            if (line.size() > 0) {
                lines.line(line.toString(StandardCharsets.UTF_8));
            }
            return status;
        }
    }
}
