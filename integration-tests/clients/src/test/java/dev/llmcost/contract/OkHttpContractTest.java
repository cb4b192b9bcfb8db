package dev.llmcost.contract;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSource;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** OkHttp 4: {@code execute}, {@code enqueue}, a body read line by line from its source. */
class OkHttpContractTest extends LlmHttpClientContract {

    private final OkHttpClient client = new OkHttpClient.Builder()
            .readTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS)).build();

    private static Request post(String url, String body) {
        return new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json"))).build();
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        try (okhttp3.Response response = client.newCall(post(url, body)).execute()) {
            return new Response(response.code(), response.body().bytes());
        }
    }

    @Override
    protected CompletableFuture<Response> sendAsync(String url, String body) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        client.newCall(post(url, body)).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, okhttp3.Response response) throws IOException {
                try (response) {
                    result.complete(new Response(response.code(), response.body().bytes()));
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        try (okhttp3.Response response = client.newCall(post(url, body)).execute()) {
            BufferedSource source = response.body().source();
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                lines.line(line);
            }
            return response.code();
        }
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        try (okhttp3.Response response = client.newCall(post(url, body)).execute()) {
            response.body().source().require(bytes);
        }
    }
}
