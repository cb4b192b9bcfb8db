package dev.llmcost.agent.endpoint;

import java.util.Locale;
import java.util.Map;

/**
 * Names the provider behind an OpenAI-compatible host. Any other host is taken as OpenAI's own API (a gateway,
 * a proxy, a test stub): it speaks OpenAI's format, and its models are priced by name.
 */
final class ProviderHosts {

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("api.openai.com", "openai"),
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

    private static final String AZURE_OPENAI = "azure.ai.openai";

    private ProviderHosts() {
    }

    static String providerFor(String host) {
        if (host == null) {
            return "openai";
        }
        String name = host.toLowerCase(Locale.ROOT);
        String exact = EXACT.get(name);
        if (exact != null) {
            return exact;
        }
        if (name.endsWith(".openai.azure.com") || name.endsWith(".cognitiveservices.azure.com")) {
            return AZURE_OPENAI;
        }
        return "openai";
    }
}
