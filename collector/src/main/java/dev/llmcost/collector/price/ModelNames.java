package dev.llmcost.collector.price;

import dev.llmcost.agent.schema.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names a model may be priced under, most specific first. Providers name one model many ways: Bedrock by
 * ARN, by inference profile ({@code us.}, {@code eu.}, {@code apac.}, {@code global.} … before the model id) or
 * by model id; Vertex AI with {@code @version}; Azure OpenAI under the name OpenAI prices. A catalog entry for
 * the specific name (a profile AWS prices apart) wins over the general one, and a provider-wide entry
 * ({@code "model": "*"}) comes last.
 */
final class ModelNames {

    private static final List<String> BEDROCK_GEO_PREFIXES = List.of("us.", "eu.", "apac.", "jp.", "au.", "ca.",
            "us-gov.", "global.");

    private ModelNames() {
    }

    static List<String> candidates(String provider, String model) {
        List<String> names = new ArrayList<>();
        names.add(model);
        String name = model;
        if (name.startsWith("arn:")) {
            // arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-…-v1:0
            name = name.substring(name.lastIndexOf('/') + 1);
            names.add(name);
        }
        for (String prefix : BEDROCK_GEO_PREFIXES) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                names.add(name.substring(prefix.length()));
                break;
            }
        }
        int at = name.indexOf('@');
        if (at > 0) {
            names.add(name.substring(0, at) + "-" + name.substring(at + 1));
            names.add(name.substring(0, at));
        }
        if (name.startsWith("ft:")) {
            // ft:gpt-4o-mini-2024-07-18:acme::AbC123 is priced as a fine-tune of its base model.
            String[] parts = name.split(":");
            if (parts.length > 1) {
                names.add("ft:" + parts[1]);
            }
        }
        if (name.startsWith("models/")) {
            names.add(name.substring("models/".length()));
        }
        // A provider-wide price ("*"): self-hosted servers (zero), a negotiated flat rate.
        names.add("*");
        return names;
    }

    /**
     * The providers whose prices apply, in order: the provider itself, then the one whose list prices it
     * resells (Azure OpenAI's global deployments are priced as OpenAI's models).
     */
    static List<String> providers(String provider) {
        return Provider.byId(provider).map(Provider::pricedAs).orElse(List.of(provider));
    }
}
