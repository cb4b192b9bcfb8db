package dev.llmcost.agent.endpoint;

import java.util.Locale;
import java.util.Map;

/**
 * Names the provider behind a host ({@code gen_ai.provider.name} values where OpenTelemetry defines one).
 * {@code null} for a host no provider is known to use: a gateway, a self-hosted server, a test stub.
 */
final class ProviderHosts {

    static final String OPENAI = "openai";
    static final String AZURE_OPENAI = "azure.ai.openai";
    static final String ANTHROPIC = "anthropic";
    static final String BEDROCK = "aws.bedrock";
    static final String GEMINI = "gcp.gemini";
    static final String VERTEX = "gcp.vertex_ai";
    static final String COHERE = "cohere";
    static final String OLLAMA = "ollama";

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("api.openai.com", OPENAI),
            Map.entry("api.anthropic.com", ANTHROPIC),
            Map.entry("generativelanguage.googleapis.com", GEMINI),
            Map.entry("aiplatform.googleapis.com", VERTEX),
            Map.entry("api.cohere.com", COHERE),
            Map.entry("api.cohere.ai", COHERE),
            Map.entry("api.mistral.ai", "mistral_ai"),
            Map.entry("api.groq.com", "groq"),
            Map.entry("api.deepseek.com", "deepseek"),
            Map.entry("openrouter.ai", "openrouter"),
            Map.entry("api.together.xyz", "together_ai"),
            Map.entry("api.together.ai", "together_ai"),
            Map.entry("api.fireworks.ai", "fireworks_ai"),
            Map.entry("api.x.ai", "x_ai"),
            Map.entry("api.perplexity.ai", "perplexity"),
            Map.entry("api.cerebras.ai", "cerebras"));

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
