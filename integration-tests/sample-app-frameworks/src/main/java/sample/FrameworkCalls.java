package sample;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LangChain4j (over its JDK HttpClient transport) and Spring AI 2 (over the OpenAI and Anthropic SDKs), set up
 * in code the way their guides show, without anything llmcost-specific.
 */
public final class FrameworkCalls {

    private FrameworkCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("langchain4j-openai", base -> Attribution.as("langchain4j-openai", "acme", "lc4j-team", () -> {
            String answer = dev.langchain4j.model.openai.OpenAiChatModel.builder()
                    .baseUrl(base + "/lc4j-openai/v1").apiKey("sk-lc4j-test-key-not-real").modelName("gpt-4o-mini")
                    .maxRetries(0).build().chat("Say this is a test");
            Results.print("langchain4j-openai", 200, answer.getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("langchain4j-anthropic", base -> Attribution.as("langchain4j-anthropic", "globex", "lc4j-team",
                () -> {
                    String answer = dev.langchain4j.model.anthropic.AnthropicChatModel.builder()
                            .baseUrl(base + "/lc4j-anthropic/v1/").apiKey("sk-ant-lc4j-test-key-not-real")
                            .modelName("claude-3-5-sonnet-20240620").maxTokens(1024).maxRetries(0).build()
                            .chat("Hello");
                    Results.print("langchain4j-anthropic", 200, answer.getBytes(StandardCharsets.UTF_8));
                }));
        scenarios.put("spring-ai-openai", base -> Attribution.as("spring-ai-openai", "acme", "spring-team", () -> {
            OpenAiChatModel model = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                    .baseUrl(base + "/spring-openai/v1").apiKey("sk-spring-test-key-not-real").model("gpt-4o-mini")
                    .maxRetries(0).build()).build();
            String answer = model.call("Say this is a test");
            Results.print("spring-ai-openai", 200, answer.getBytes(StandardCharsets.UTF_8));
        }));
        scenarios.put("spring-ai-anthropic", base -> Attribution.as("spring-ai-anthropic", "initech", "spring-team",
                () -> {
                    AnthropicChatModel model = AnthropicChatModel.builder().options(AnthropicChatOptions.builder()
                            .baseUrl(base + "/spring-anthropic").apiKey("sk-ant-spring-test-key-not-real")
                            .model("claude-3-5-sonnet-20240620").maxTokens(1024).maxRetries(0).build()).build();
                    String answer = model.call("Hello");
                    Results.print("spring-ai-anthropic", 200, answer.getBytes(StandardCharsets.UTF_8));
                }));
    }
}
