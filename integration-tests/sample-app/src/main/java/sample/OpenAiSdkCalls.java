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
