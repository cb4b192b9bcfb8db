package dev.llmcost.agent.endpoint;

import dev.llmcost.agent.schema.Provider;

import java.util.Locale;
import java.util.Map;

/**
 * Names the provider behind a host ({@code gen_ai.provider.name} values where OpenTelemetry defines one).
 * {@code null} for a host no provider is known to use: a gateway, a self-hosted server, a test stub.
 */
final class ProviderHosts {

    static final String OPENAI = Provider.OPENAI.id();
    static final String AZURE_OPENAI = Provider.AZURE_OPENAI.id();
    static final String ANTHROPIC = Provider.ANTHROPIC.id();
    static final String BEDROCK = Provider.AWS_BEDROCK.id();
    static final String GEMINI = Provider.GCP_GEMINI.id();
    static final String VERTEX = Provider.GCP_VERTEX_AI.id();
    static final String COHERE = Provider.COHERE.id();
    static final String OLLAMA = Provider.OLLAMA.id();

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("api.openai.com", OPENAI),
            Map.entry("api.anthropic.com", ANTHROPIC),
            Map.entry("generativelanguage.googleapis.com", GEMINI),
            Map.entry("aiplatform.googleapis.com", VERTEX),
            Map.entry("api.cohere.com", COHERE),
            Map.entry("api.cohere.ai", COHERE),
            Map.entry("api.mistral.ai", Provider.MISTRAL_AI.id()),
            Map.entry("api.groq.com", Provider.GROQ.id()),
            Map.entry("api.deepseek.com", Provider.DEEPSEEK.id()),
            Map.entry("openrouter.ai", Provider.OPENROUTER.id()),
            Map.entry("api.together.xyz", Provider.TOGETHER_AI.id()),
            Map.entry("api.together.ai", Provider.TOGETHER_AI.id()),
            Map.entry("api.fireworks.ai", Provider.FIREWORKS_AI.id()),
            Map.entry("api.x.ai", Provider.X_AI.id()),
            Map.entry("api.perplexity.ai", Provider.PERPLEXITY.id()),
            Map.entry("api.cerebras.ai", Provider.CEREBRAS.id()));

    private ProviderHosts() {
    }

    /** The provider serving {@code host}, or {@code null} when the host is not a known provider's. */
    static String providerFor(String host) {
        if (host == null) {
            return null;
        }
        String name = host.toLowerCase(Locale.ROOT);
        String exact = EXACT.get(name);
        if (exact != null) {
            return exact;
        }
        if (name.endsWith(".openai.azure.com") || name.endsWith(".cognitiveservices.azure.com")
                || name.endsWith(".services.ai.azure.com")) {
            return AZURE_OPENAI;
        }
        if (name.endsWith("-aiplatform.googleapis.com")) {
            return VERTEX;
        }
        if (name.startsWith("bedrock-runtime") && name.endsWith(".amazonaws.com")) {
            return BEDROCK;
        }
        return null;
    }
}
