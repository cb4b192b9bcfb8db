package dev.llmcost.contract;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code java.net.http.HttpClient} (JDK 11+): {@code send}, {@code sendAsync}, a body read as an InputStream. */
class JdkHttpClientContractTest extends LlmHttpClientContract {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(READ_TIMEOUT_MILLIS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        HttpResponse<byte[]> response = client.send(post(url, body), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) {
        return client.sendAsync(post(url, body), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        HttpResponse<InputStream> response = client.send(post(url, body), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
        }
        return response.statusCode();
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        HttpResponse<InputStream> response = client.send(post(url, body), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            in.readNBytes(bytes);
        }
    }
}
