package sample;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The official openai-java SDK (over OkHttp), sync and streaming, as its README shows it. */
public final class OpenAiSdkCalls {

    private OpenAiSdkCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("openai-sdk", base -> Attribution.as("openai-sdk", "acme", "sdk-team", () -> {
            ChatCompletion completion = client(base + "/sdk-json/v1").chat().completions().create(params(false));
            String text = completion.choices().get(0).message().content().orElse("");
            Results.print("openai-sdk", 200, text.getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("openai-sdk-stream", base -> Attribution.as("openai-sdk-stream", "globex", "sdk-team", () -> {
            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client(base + "/sdk-stream/v1").chat().completions()
                    .createStreaming(params(true))) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(choice ->
                        choice.delta().content().ifPresent(text::append)));
            }
            Results.print("openai-sdk-stream", 200, text.toString().getBytes(StandardCharsets.UTF_8));
        }));
    }

    /**
     * Makes {@code warmup} then {@code calls} chat calls, timing each on the calling thread, and prints one
     * {@code BENCH} line: latency percentiles in microseconds, bytes allocated per call by the calling thread,
     * and milliseconds from JVM start to the end of the first call.
     */
    public static void bench(String base, int warmup, int calls, boolean stream) {
        OpenAIClient client = client(base + (stream ? "/sdk-stream/v1" : "/sdk-json/v1"));
        ChatCompletionCreateParams params = params(stream);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] micros = new long[calls];
        long firstCallDone = 0;
        long allocatedBefore = 0;
        long threadCpuBefore = 0;
        long processCpuBefore = 0;
        for (int i = -warmup; i < calls; i++) {
            if (i == 0) {
                allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                threadCpuBefore = threads.getCurrentThreadCpuTime();
                processCpuBefore = os.getProcessCpuTime();
            }
            long start = System.nanoTime();
            if (stream) {
                try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(params)) {
                    chunks.stream().forEach(chunk -> { });
                }
            } else {
                client.chat().completions().create(params);
            }
            long elapsed = System.nanoTime() - start;
            if (firstCallDone == 0) {
                firstCallDone = System.currentTimeMillis();
            }
            if (i >= 0) {
                micros[i] = elapsed / 1_000;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long threadCpu = threads.getCurrentThreadCpuTime() - threadCpuBefore;
        long processCpu = os.getProcessCpuTime() - processCpuBefore;
        java.util.Arrays.sort(micros);
        double mean = java.util.Arrays.stream(micros).average().orElse(0);
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder perThread = new StringBuilder("BENCH_THREADS");
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 50_000_000L) {
                    perThread.append(" '").append(info.getThreadName()).append("'=").append(cpu / 1_000_000).append("ms");
                }
            }
        }
        System.out.println(perThread.append(" process=").append(os.getProcessCpuTime() / 1_000_000).append("ms"));
        System.out.println("BENCH p50_us=" + micros[calls / 2] + " mean_us=" + Math.round(mean) + " p99_us="
                + micros[(int) (calls * 0.99)] + " alloc_bytes_per_call=" + allocated / calls
                + " thread_cpu_us_per_call=" + threadCpu / calls / 1_000
                + " process_cpu_us_per_call=" + processCpu / calls / 1_000
                + " start_to_first_call_ms=" + (firstCallDone - jvmStart));
    }

    private static OpenAIClient client(String baseUrl) {
        return OpenAIOkHttpClient.builder().apiKey("sk-sample-secret-key").baseUrl(baseUrl).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams params(boolean stream) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O_MINI)
                .addUserMessage("Say this is a test");
        if (stream) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return params.build();
    }
}
