package sample;

import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

/** java.net.http.HttpClient, with each kind of body handler. */
final class JdkCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private JdkCalls() {
    }

    static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("jdk-string", base -> Attribution.as("jdk-string", "acme", "platform", () -> {
            HttpResponse<String> response = CLIENT.send(post(base + "/json", Attribution.CHAT_BODY),
                    HttpResponse.BodyHandlers.ofString());
            Results.print("jdk-string", response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("jdk-bytes", base -> Attribution.as("jdk-bytes", "globex", "platform", () -> {
            HttpResponse<byte[]> response = CLIENT.send(post(base + "/cached", Attribution.CHAT_BODY),
                    HttpResponse.BodyHandlers.ofByteArray());
            Results.print("jdk-bytes", response.statusCode(), response.body());
        }));
        scenarios.put("jdk-inputstream", base -> Attribution.as("jdk-inputstream", "acme", "research", () -> {
            HttpResponse<java.io.InputStream> response = CLIENT.send(post(base + "/reasoning", Attribution.CHAT_BODY),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                Results.print("jdk-inputstream", response.statusCode(), in.readAllBytes());
            }
        }));
        scenarios.put("jdk-lines-stream", base -> Attribution.as("jdk-lines-stream", "initech", "platform", () -> {
            HttpResponse<java.util.stream.Stream<String>> response = CLIENT.send(
                    post(base + "/stream", Attribution.STREAM_BODY), HttpResponse.BodyHandlers.ofLines());
            Results.printLines("jdk-lines-stream", response.statusCode(), response.body().collect(Collectors.toList()));
        }));
        scenarios.put("jdk-async", base -> {
            CompletableFuture<HttpResponse<String>> future;
            MDC.put("feature", "jdk-async");
            MDC.put("customer", "acme");
            MDC.put("team", "async-team");
            future = CLIENT.sendAsync(post(base + "/json", Attribution.CHAT_BODY), HttpResponse.BodyHandlers.ofString());
            MDC.clear(); // the response completes on another thread, after the caller moved on
            HttpResponse<String> response = future.join();
            Results.print("jdk-async", response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8));
        });
        scenarios.put("jdk-subscriber", base -> Attribution.as("jdk-subscriber", "globex", "platform", () -> {
            CollectingSubscriber subscriber = new CollectingSubscriber();
            HttpResponse<Void> response = CLIENT.send(post(base + "/stream", Attribution.STREAM_BODY),
                    HttpResponse.BodyHandlers.fromSubscriber(subscriber));
            Results.print("jdk-subscriber", response.statusCode(), subscriber.bytes());
        }));
        scenarios.put("stream-no-usage", base -> Attribution.as("stream-no-usage", "acme", "platform", () -> {
            HttpResponse<java.util.stream.Stream<String>> response = CLIENT.send(
                    post(base + "/stream-no-usage", Attribution.STREAM_WITHOUT_USAGE_BODY),
                    HttpResponse.BodyHandlers.ofLines());
            Results.printLines("stream-no-usage", response.statusCode(), response.body().collect(Collectors.toList()));
        }));
        scenarios.put("malformed", base -> Attribution.as("malformed", "acme", "platform", () -> {
            HttpResponse<String> response = CLIENT.send(post(base + "/malformed", Attribution.CHAT_BODY),
                    HttpResponse.BodyHandlers.ofString());
            Results.print("malformed", response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("non-llm", base -> Attribution.as("non-llm", "acme", "platform", () -> {
            HttpResponse<String> orders = CLIENT.send(post(base + "/api/orders", "{\"sku\":\"A1\"}"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> models = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/json/v1/models"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            // The app's own chat endpoint: Ollama's path, not Ollama's answer.
            HttpResponse<String> support = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ticket\":7,\"text\":\"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Results.print("non-llm", orders.statusCode() + models.statusCode() + support.statusCode() - 400,
                    (orders.body() + models.body() + support.body()).getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("stream-timing", base -> Attribution.as("stream-timing", "acme", "platform", () -> {
            long start = System.nanoTime();
            HttpResponse<java.util.stream.Stream<String>> response = CLIENT.send(
                    post(base + "/slow-stream", Attribution.STREAM_BODY), HttpResponse.BodyHandlers.ofLines());
            List<String> lines = new ArrayList<>();
            response.body().forEach(line -> {
                if (!line.isEmpty()) {
                    System.out.println("EVENT jdk " + (System.nanoTime() - start) / 1_000_000 + " " + line);
                }
                lines.add(line);
            });
            Results.printLines("stream-timing", response.statusCode(), lines);
        }));
    }

    /** Many calls in a row (the collector restart test): attribution carries the call number. */
    static void burst(String base, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int n = i;
            Attribution.as("burst", "customer-" + (n % 7), "team-" + (n % 3), () -> {
                MDC.put("call", Integer.toString(n));
                HttpResponse<String> response = CLIENT.send(post(base + "/json", Attribution.CHAT_BODY),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("call " + n + " got " + response.statusCode());
                }
            });
        }
        System.out.println("RESULT burst status=200 bytes=" + count + " sha256=-");
    }

    static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url + (url.endsWith("/api/orders") ? "" : "/v1/chat/completions")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-sample-secret-key")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** A hand-written subscriber, as some apps and frameworks use. */
    private static final class CollectingSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes, 0, bytes.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
