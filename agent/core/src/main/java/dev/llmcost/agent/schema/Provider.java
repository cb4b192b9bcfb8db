package dev.llmcost.agent.schema;

import java.util.List;
import java.util.Optional;

/**
 * The providers llmcost knows, and every name each goes by: its OpenTelemetry {@code gen_ai.provider.name} (the
 * {@link #id()} records carry), its FOCUS ProviderName / InvoiceIssuerName and ServiceName, the
 * {@code litellm_provider} keys of LiteLLM's price map, and the providers whose list prices it also bills at. A
 * provider without FOCUS names of its own is named by its id there.
 */
public enum Provider {
    OPENAI("openai", "OpenAI", "OpenAI API", List.of("openai", "text-completion-openai")),
    /** Azure OpenAI's global deployments are priced as OpenAI's models. */
    AZURE_OPENAI("azure.ai.openai", "Microsoft", "Azure OpenAI", List.of("azure"), OPENAI),
    ANTHROPIC("anthropic", "Anthropic", "Claude API", List.of("anthropic")),
    AWS_BEDROCK("aws.bedrock", "Amazon Web Services", "Amazon Bedrock", List.of("bedrock", "bedrock_converse")),
    GCP_GEMINI("gcp.gemini", "Google", "Gemini API", List.of("gemini")),
    GCP_VERTEX_AI("gcp.vertex_ai", "Google Cloud", "Vertex AI",
            List.of("vertex_ai-language-models", "vertex_ai-anthropic_models", "vertex_ai-embedding-models")),
    MISTRAL_AI("mistral_ai", "Mistral AI", "Mistral API", List.of("mistral")),
    COHERE("cohere", "Cohere", "Cohere API", List.of("cohere", "cohere_chat")),
    GROQ("groq", "Groq", "GroqCloud", List.of("groq")),
    DEEPSEEK("deepseek", "DeepSeek", "DeepSeek API", List.of("deepseek")),
    X_AI("x_ai", "xAI", "xAI API", List.of("xai")),
    PERPLEXITY("perplexity", null, null, List.of("perplexity")),
    TOGETHER_AI("together_ai", null, null, List.of("together_ai")),
    FIREWORKS_AI("fireworks_ai", null, null, List.of("fireworks_ai")),
    OPENROUTER("openrouter", null, null, List.of("openrouter")),
    CEREBRAS("cerebras", null, null, List.of("cerebras")),
    OLLAMA("ollama", null, null, List.of("ollama"));

    private final String id;
    private final String focusProviderName;
    private final String focusServiceName;
    private final List<String> liteLlmKeys;
    private final Provider alsoPricedAs;

    Provider(String id, String focusProviderName, String focusServiceName, List<String> liteLlmKeys) {
        this(id, focusProviderName, focusServiceName, liteLlmKeys, null);
    }

    Provider(String id, String focusProviderName, String focusServiceName, List<String> liteLlmKeys,
             Provider alsoPricedAs) {
        this.id = id;
        this.focusProviderName = focusProviderName != null ? focusProviderName : id;
        this.focusServiceName = focusServiceName != null ? focusServiceName : id;
        this.liteLlmKeys = liteLlmKeys;
        this.alsoPricedAs = alsoPricedAs;
    }

    /** OpenTelemetry's {@code gen_ai.provider.name}: what queue records and ledger rows say. */
    public String id() {
        return id;
    }

    /** FOCUS ProviderName and InvoiceIssuerName: who bills the calls. */
    public String focusProviderName() {
        return focusProviderName;
    }

    /** FOCUS ServiceName. */
    public String focusServiceName() {
        return focusServiceName;
    }

    /** LiteLLM's {@code litellm_provider} values for this provider's models. */
    public List<String> liteLlmKeys() {
        return liteLlmKeys;
    }

    /** The providers whose prices apply to this one's calls, in order: itself, then the one whose list it resells. */
    public List<String> pricedAs() {
        return alsoPricedAs == null ? List.of(id) : List.of(id, alsoPricedAs.id);
    }

    /** The provider whose {@code gen_ai.provider.name} is {@code id}. */
    public static Optional<Provider> byId(String id) {
        for (Provider provider : values()) {
            if (provider.id.equals(id)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** The provider of LiteLLM's {@code litellm_provider} value {@code key}. */
    public static Optional<Provider> byLiteLlmKey(String key) {
        for (Provider provider : values()) {
            if (provider.liteLlmKeys.contains(key)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }
}
