package dev.llmcost.contract;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java.net.http.HttpClient} (JDK 11+) over HTTP/1.1: {@code send}, {@code sendAsync}, a body read as an
 * InputStream, and every kind of {@code BodyPublisher}. The HTTP/2 classes run the same cases over h2c and h2.
 *
 * <p>The JDK client never decodes a compressed body: the gzip, deflate and brotli cases are an application that
 * gets the encoded bytes and decodes them itself, while the agent decodes its copy for the tokens.
 */
class JdkHttpClientContractTest extends LlmHttpClientContract {

    private HttpClient client;

    /** The application's client (one for all the cases of the class). */
    protected HttpClient newClient() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    protected final synchronized HttpClient http() throws Exception {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    private static HttpRequest post(String url, BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(READ_TIMEOUT_MILLIS))
                .header("Content-Type", "application/json").POST(body).build();
    }

    private static HttpRequest post(String url, String body) {
        return post(url, BodyPublishers.ofString(body));
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        HttpResponse<byte[]> response = http().send(post(url, body), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) throws Exception {
        return http().sendAsync(post(url, body), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        HttpResponse<InputStream> response = http().send(post(url, body), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
        }
        return response.statusCode();
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        HttpResponse<InputStream> response = http().send(post(url, body), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            in.readNBytes(bytes);
        }
    }

    /**
     * Every factory of {@code BodyPublishers}, and the application's own publishers: with a known length (sent
     * fixed-length over HTTP/1.1) and without (sent chunked), streamed from a one-shot source.
     */
    @Override
    protected List<String> requestBodyKinds() {
        return List.of("byte-array", "byte-arrays", "input-stream", "file", "concat", "from-publisher",
                "from-publisher-sized", "own-publisher");
    }

    @Override
    protected Response sendWith(String kind, String url, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = parts(bytes);
        BodyPublisher publisher = switch (kind) {
            case "byte-array" -> BodyPublishers.ofByteArray(("xx" + body + "yy").getBytes(StandardCharsets.UTF_8), 2,
                    bytes.length);
            case "byte-arrays" -> BodyPublishers.ofByteArrays(parts);
            case "input-stream" -> BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            case "file" -> {
                Path file = Files.createTempFile("llmcost-contract", ".json");
                file.toFile().deleteOnExit();
                Files.write(file, bytes);
                yield BodyPublishers.ofFile(file);
            }
            case "concat" -> BodyPublishers.concat(BodyPublishers.ofByteArray(parts.get(0)),
                    BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(parts.get(1))),
                    BodyPublishers.ofString(new String(parts.get(2), StandardCharsets.UTF_8)));
            case "from-publisher" -> BodyPublishers.fromPublisher(new OneShotPublisher(parts));
            case "from-publisher-sized" -> BodyPublishers.fromPublisher(new OneShotPublisher(parts), bytes.length);
            case "own-publisher" -> new OwnBodyPublisher(new OneShotPublisher(parts), bytes.length);
            default -> throw new IllegalArgumentException(kind);
        };
        HttpResponse<byte[]> response = http().send(post(url, publisher), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body());
    }

    /** The body in three pieces, as a streaming source would give it. */
    private static List<byte[]> parts(byte[] bytes) {
        int third = bytes.length / 3;
        List<byte[]> parts = new ArrayList<>();
        parts.add(java.util.Arrays.copyOfRange(bytes, 0, third));
        parts.add(java.util.Arrays.copyOfRange(bytes, third, 2 * third));
        parts.add(java.util.Arrays.copyOfRange(bytes, 2 * third, bytes.length));
        return parts;
    }

    /** A source that can be read once, as a network or pipe stream: a second subscriber gets an error. */
    static final class OneShotPublisher implements Flow.Publisher<ByteBuffer> {

        private final List<byte[]> parts;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        OneShotPublisher(List<byte[]> parts) {
            this.parts = parts;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                subscriber.onError(new IllegalStateException("a one-shot body was subscribed to twice"));
                return;
            }
            subscriber.onSubscribe(new Flow.Subscription() {
                private long demand;
                private int next;
                private boolean emitting;
                private boolean finished;

                @Override
                public void request(long n) {
                    synchronized (this) {
                        demand += n;
                        if (emitting) {
                            return;
                        }
                        emitting = true;
                    }
                    while (true) {
                        ByteBuffer item = null;
                        synchronized (this) {
                            if (!finished && next < parts.size() && demand > 0) {
                                item = ByteBuffer.wrap(parts.get(next++));
                                demand--;
                            } else if (!finished && next == parts.size()) {
                                finished = true;
                            } else {
                                emitting = false;
                                return;
                            }
                        }
                        if (item != null) {
                            subscriber.onNext(item);
                        } else {
                            subscriber.onComplete();
                        }
                    }
                }

                @Override
                public synchronized void cancel() {
                    finished = true;
                }
            });
        }
    }

    /** An application's own {@code BodyPublisher} class. */
    static final class OwnBodyPublisher implements BodyPublisher {

        private final Flow.Publisher<ByteBuffer> source;
        private final long length;

        OwnBodyPublisher(Flow.Publisher<ByteBuffer> source, long length) {
            this.source = source;
            this.length = length;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            source.subscribe(subscriber);
        }
    }
}
