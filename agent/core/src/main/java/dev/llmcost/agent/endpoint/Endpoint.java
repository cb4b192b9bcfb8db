package dev.llmcost.agent.endpoint;

import dev.llmcost.agent.provider.ApiFormat;

/**
 * A recognised LLM API endpoint: who serves it ({@code gen_ai.provider.name}), what it does
 * ({@code gen_ai.operation.name}), the wire format its bodies use, and the model when the URL names it (Gemini,
 * Vertex AI, Bedrock, an Azure deployment).
 *
 * <p>{@code confirmed} is false for a generic path on a host that is not a known provider's ({@code /api/chat},
 * {@code /v1/embeddings} on some internal service): such a call becomes a record only if its response turns out
 * to be an LLM API's, so an application's own endpoints that happen to share a name never show up as LLM spend.
 */
public record Endpoint(String provider, String operation, ApiFormat format, String pathModel, boolean confirmed) {

    public Endpoint(String provider, String operation, ApiFormat format) {
        this(provider, operation, format, null, true);
    }
}
