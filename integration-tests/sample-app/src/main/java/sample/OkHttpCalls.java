package sample;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** OkHttp: execute, enqueue, and a stream read line by line. */
final class OkHttpCalls {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient CLIENT = new OkHttpClient();

    private OkHttpCalls() {
    }

    static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("okhttp-sync", base -> Attribution.as("okhttp-sync", "acme", "platform", () -> {
            try (Response response = CLIENT.newCall(post(base + "/json", Attribution.CHAT_BODY)).execute()) {
                Results.print("okhttp-sync", response.code(), response.body().bytes());
            }
        }));
        scenarios.put("okhttp-async", base -> {
            CompletableFuture<String> done = new CompletableFuture<>();
            MDC.put("feature", "okhttp-async");
            MDC.put("customer", "globex");
            MDC.put("team", "async-team");
            // A client built from another: newBuilder() must not add a second interceptor.
            CLIENT.newBuilder().build().newCall(post(base + "/cached", Attribution.CHAT_BODY)).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    done.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                    try (response) {
                        Results.print("okhttp-async", response.code(), response.body().bytes());
                        done.complete("ok");
                    }
                }
            });
            MDC.clear();
            done.join();
        });
        scenarios.put("okhttp-stream", base -> Attribution.as("okhttp-stream", "initech", "research", () -> {
            try (Response response = CLIENT.newCall(post(base + "/stream", Attribution.STREAM_BODY)).execute()) {
                BufferedSource source = response.body().source();
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    lines.add(line);
                }
                Results.printLines("okhttp-stream", response.code(), lines);
            }
        }));
        scenarios.put("no-mdc", base -> {
            try (Response response = CLIENT.newCall(post(base + "/json", Attribution.CHAT_BODY)).execute()) {
                Results.print("no-mdc", response.code(), response.body().bytes());
            }
        });
        scenarios.put("rate-limited", base -> Attribution.as("rate-limited", "acme", "platform", () -> {
            try (Response response = CLIENT.newCall(post(base + "/ratelimited", Attribution.CHAT_BODY)).execute()) {
                Results.print("rate-limited", response.code(), response.body().bytes());
            }
        }));
        scenarios.put("okhttp-stream-timing", base -> Attribution.as("okhttp-stream-timing", "acme", "platform", () -> {
            long start = System.nanoTime();
            try (Response response = CLIENT.newCall(post(base + "/slow-stream", Attribution.STREAM_BODY)).execute()) {
                BufferedSource source = response.body().source();
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    if (!line.isEmpty()) {
                        System.out.println("EVENT okhttp " + (System.nanoTime() - start) / 1_000_000 + " " + line);
                    }
                    lines.add(line);
                }
                Results.printLines("okhttp-stream-timing", response.code(), lines);
            }
        }));
    }

    static Request post(String url, String json) {
        return new Request.Builder()
                .url(url + "/v1/chat/completions")
                .header("Authorization", "Bearer sk-sample-secret-key")
                .post(RequestBody.create(json, JSON))
                .build();
    }
}
