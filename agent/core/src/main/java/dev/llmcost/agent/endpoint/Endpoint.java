package dev.llmcost.agent.endpoint;

import dev.llmcost.agent.provider.ApiFormat;

/**
 * A recognised LLM API endpoint: who serves it ({@code gen_ai.provider.name}), what it does
 * ({@code gen_ai.operation.name}) and the wire format its bodies use.
 */
public record Endpoint(String provider, String operation, ApiFormat format) {
}
