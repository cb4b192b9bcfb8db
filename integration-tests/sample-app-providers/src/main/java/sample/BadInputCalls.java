package sample;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Calls whose responses are bad in the ways a provider, a proxy or a network can make them — counts that are not
 * counts, cut and failed streams, corrupt frames, a 50 MB body — and the calls of the SDKs' own example programs
 * that went unrecorded: an error from a gateway on a generic path, the SDK's newest model constant. The app
 * handles each as it would any response; what it reads is printed so the test can check it is unchanged.
 */
public final class BadInputCalls {

    /** Scenario name → the API path it calls under its own prefix, and its request body. */
    private static final Map<String, String[]> RAW = Map.ofEntries(
            raw("ollama-negative", "/api/chat", ollama()),
            raw("ollama-null", "/api/chat", ollama()),
            raw("openai-negative", "/v1/chat/completions", chat()),
            raw("openai-fraction", "/v1/chat/completions", chat()),
            raw("openai-half", "/v1/chat/completions", chat()),
            raw("openai-string", "/v1/chat/completions", chat()),
            raw("anthropic-null", "/v1/messages", anthropic(false)),
            raw("bedrock-min-long", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", bedrock()),
            raw("bedrock-1e30", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", bedrock()),
            raw("bedrock-header-2e64", "/model/cohere.command-r-v1%3A0/invoke", bedrock()),
            raw("bedrock-header-max", "/model/cohere.command-r-v1%3A0/invoke", bedrock()),
            raw("anthropic-stream-cut", "/v1/messages", anthropic(true)),
            raw("anthropic-stream-error", "/v1/messages", anthropic(true)),
            raw("bedrock-stream-bad-crc", "/model/meta.llama3-2-1b-instruct-v1%3A0/converse-stream", bedrock()),
            raw("bedrock-stream-cut", "/model/meta.llama3-2-1b-instruct-v1%3A0/converse-stream", bedrock()),
            raw("bedrock-stream-broken-metrics",
                    "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream", bedrock()),
            raw("large-embeddings", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\"]}"),
            raw("expensive", "/v1/messages", anthropic(false)));

    private BadInputCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        RAW.forEach((name, call) -> scenarios.put(name, base -> Attribution.as(name, "acme", "bad-input", () ->
                ProviderSdkCalls.raw(name, base + "/" + name + call[0], call[1]))));
        // openai-java against a gateway (a host that is not OpenAI's): its errors on generic paths.
        scenarios.put("gateway-embeddings-429", base -> Attribution.as("gateway-embeddings-429", "acme",
                "bad-input", () -> {
                    OpenAIClient gateway = gateway(base + "/gateway-embeddings-429/v1");
                    try {
                        gateway.embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small")
                                .input("hello").build());
                    } catch (OpenAIServiceException e) {
                        Results.print("gateway-embeddings-429", e.statusCode(), new byte[0]);
                    }
                }));
        scenarios.put("gateway-responses-400", base -> Attribution.as("gateway-responses-400", "acme", "bad-input",
                () -> {
                    OpenAIClient gateway = gateway(base + "/gateway-responses-400/v1");
                    try {
                        gateway.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                                .input("Say this is a test").build());
                    } catch (OpenAIServiceException e) {
                        Results.print("gateway-responses-400", e.statusCode(), new byte[0]);
                    }
                }));
        // The newest model the anthropic-java SDK names, called by its constant.
        scenarios.put("anthropic-newest-model", base -> Attribution.as("anthropic-newest-model", "acme", "bad-input",
                () -> {
                    Message message = AnthropicOkHttpClient.builder().apiKey("sk-ant-test-key-not-real")
                            .baseUrl(base + "/anthropic-newest-model").maxRetries(0).build().messages()
                            .create(MessageCreateParams.builder().model(Model.CLAUDE_OPUS_5_5).maxTokens(1024)
                                    .addUserMessage("Hello").build());
                    Results.print("anthropic-newest-model", 200, message.id().getBytes(StandardCharsets.UTF_8));
                }));
    }

    private static OpenAIClient gateway(String baseUrl) {
        return OpenAIOkHttpClient.builder().apiKey("sk-test-key-not-real").baseUrl(baseUrl).maxRetries(0).build();
    }

    private static Map.Entry<String, String[]> raw(String name, String path, String body) {
        return Map.entry(name, new String[] {path, body});
    }

    private static String chat() {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    private static String ollama() {
        return "{\"model\":\"llama3\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    private static String anthropic(boolean stream) {
        return "{\"model\":\"claude-opus-4-6\",\"max_tokens\":1024,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    private static String bedrock() {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}";
    }
}
