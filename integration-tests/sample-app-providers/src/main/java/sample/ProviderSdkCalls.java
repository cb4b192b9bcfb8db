package sample;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Every other provider, called the way apps call them: the official Anthropic and Google Gen AI SDKs, openai-java's
 * Responses and Embeddings APIs, and raw HTTP for Bedrock, Cohere and Ollama (as apps without an SDK do).
 */
public final class ProviderSdkCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProviderSdkCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("anthropic-sdk", base -> Attribution.as("anthropic-sdk", "acme", "claude-team", () -> {
            Message message = anthropic(base + "/anthropic-json").messages().create(anthropicParams());
            Results.print("anthropic-sdk", 200, message.id().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("anthropic-sdk-stream", base -> Attribution.as("anthropic-sdk-stream", "globex", "claude-team",
                () -> {
                    int events = 0;
                    try (StreamResponse<RawMessageStreamEvent> stream = anthropic(base + "/anthropic-stream")
                            .messages().createStreaming(anthropicParams())) {
                        events = (int) stream.stream().count();
                    }
                    Results.print("anthropic-sdk-stream", 200, Integer.toString(events).getBytes());
                }));
        scenarios.put("anthropic-sdk-async", base -> Attribution.as("anthropic-sdk-async", "initech", "claude-team",
                () -> {
                    Message message = AnthropicOkHttpClient.builder().apiKey("sk-ant-test-key-not-real")
                            .baseUrl(base + "/anthropic-json").maxRetries(0).build().async().messages()
                            .create(anthropicParams()).join();
                    Results.print("anthropic-sdk-async", 200, message.id().getBytes(StandardCharsets.UTF_8));
                }));
        scenarios.put("gemini-sdk", base -> Attribution.as("gemini-sdk", "acme", "gemini-team", () -> {
            GenerateContentResponse response = gemini(base + "/gemini-json").models
                    .generateContent("gemini-2.5-flash", "Tell me a joke", null);
            Results.print("gemini-sdk", 200, String.valueOf(response.text()).getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("vertex-sdk", base -> Attribution.as("vertex-sdk", "globex", "gemini-team", () -> {
            Client vertex = Client.builder().vertexAI(true).project("acme-prod").location("us-central1")
                    .credentials(com.google.auth.oauth2.GoogleCredentials.create(
                            new com.google.auth.oauth2.AccessToken("ya29.vertex-test-token-not-real", null)))
                    .httpOptions(HttpOptions.builder().baseUrl(base + "/vertex").build()).build();
            StringBuilder text = new StringBuilder();
            try (ResponseStream<GenerateContentResponse> stream = vertex.models
                    .generateContentStream("gemini-2.5-flash", "Tell me a story", null)) {
                for (GenerateContentResponse chunk : stream) {
                    text.append(chunk.text());
                }
            }
            Results.print("vertex-sdk", 200, text.toString().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("openai-sdk-retried", base -> Attribution.as("openai-sdk-retried", "acme", "sdk-team", () -> {
            com.openai.models.chat.completions.ChatCompletion completion = OpenAIOkHttpClient.builder()
                    .apiKey("sk-test-key-not-real").baseUrl(base + "/retried/v1").maxRetries(2).build()
                    .chat().completions().create(com.openai.models.chat.completions.ChatCompletionCreateParams
                            .builder().model("gpt-4o-mini").addUserMessage("Say this is a test").build());
            Results.print("openai-sdk-retried", 200, completion.id().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("gemini-sdk-stream", base -> Attribution.as("gemini-sdk-stream", "initech", "gemini-team", () -> {
            StringBuilder text = new StringBuilder();
            try (ResponseStream<GenerateContentResponse> stream = gemini(base + "/gemini-stream").models
                    .generateContentStream("gemini-2.5-flash", "Tell me a story", null)) {
                for (GenerateContentResponse chunk : stream) {
                    text.append(chunk.text());
                }
            }
            Results.print("gemini-sdk-stream", 200, text.toString().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("openai-responses", base -> Attribution.as("openai-responses", "acme", "sdk-team", () -> {
            Response response = openAi(base + "/responses-json/v1").responses().create(ResponseCreateParams.builder()
                    .model("gpt-4o-mini").input("Say this is a test").build());
            Results.print("openai-responses", 200, response.id().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("openai-sdk-async", base -> Attribution.as("openai-sdk-async", "globex", "sdk-team", () -> {
            com.openai.models.chat.completions.ChatCompletion completion = OpenAIOkHttpClient.builder()
                    .apiKey("sk-test-key-not-real").baseUrl(base + "/async-json/v1").maxRetries(0).build().async()
                    .chat().completions().create(com.openai.models.chat.completions.ChatCompletionCreateParams
                            .builder().model("gpt-4o-mini").addUserMessage("Say this is a test").build()).join();
            Results.print("openai-sdk-async", 200, completion.id().getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("openai-embeddings", base -> Attribution.as("openai-embeddings", "acme", "search-team", () -> {
            CreateEmbeddingResponse response = openAi(base + "/embeddings-json/v1").embeddings().create(
                    EmbeddingCreateParams.builder().model("text-embedding-3-small").input("hello").build());
            Results.print("openai-embeddings", 200, Integer.toString(response.data().size()).getBytes());
        }));
        scenarios.put("bedrock-converse", base -> Attribution.as("bedrock-converse", "acme", "aws-team", () ->
                raw("bedrock-converse", base + "/bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}")));
        scenarios.put("bedrock-converse-stream", base -> Attribution.as("bedrock-converse-stream", "globex",
                "aws-team", () -> raw("bedrock-converse-stream",
                        base + "/bedrock/model/amazon.nova-micro-v1%3A0/converse-stream",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Weather?\"}]}]}")));
        scenarios.put("azure-openai", base -> Attribution.as("azure-openai", "acme", "azure-team", () ->
                raw("azure-openai", base + "/azure/openai/deployments/prod-eu/chat/completions?api-version=2024-10-21",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
        scenarios.put("cohere-chat", base -> Attribution.as("cohere-chat", "acme", "cohere-team", () ->
                raw("cohere-chat", base + "/cohere/v2/chat", "{\"model\":\"command-r7b-12-2024\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
        scenarios.put("ollama-stream", base -> Attribution.as("ollama-stream", "acme", "local-team", () ->
                raw("ollama-stream", base + "/ollama/api/chat", "{\"model\":\"llama3\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"Tell me a joke\"}]}")));
    }

    private static MessageCreateParams anthropicParams() {
        return MessageCreateParams.builder().model("claude-3-5-sonnet-20240620").maxTokens(1024)
                .addUserMessage("Hello").build();
    }

    private static AnthropicClient anthropic(String baseUrl) {
        return AnthropicOkHttpClient.builder().apiKey("sk-ant-test-key-not-real").baseUrl(baseUrl).maxRetries(0)
                .build();
    }

    private static Client gemini(String baseUrl) {
        return Client.builder().apiKey("gemini-test-key-not-real")
                .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build()).build();
    }

    private static OpenAIClient openAi(String baseUrl) {
        return OpenAIOkHttpClient.builder().apiKey("sk-test-key-not-real").baseUrl(baseUrl).maxRetries(0).build();
    }

    /** A POST over the JDK client, the response read as a stream, the way an app without an SDK does it. */
    static void raw(String scenario, String url, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer raw-test-key-not-real")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            Results.print(scenario, response.statusCode(), body.readAllBytes());
        }
    }
}
