package dev.llmcost.agent.queue;

import java.util.Map;

/**
 * One LLM API call as the agent saw it. Token counts are normalised the one way llmcost uses everywhere:
 * {@code inputTokens} counts every input token, cache reads and writes included; {@code outputTokens}
 * counts every output token, reasoning included. All token counts are {@code null} unless usage was
 * {@link UsageStatus#REPORTED}; {@code cacheWrite1hTokens} is the part of {@code cacheWriteTokens} cached for an
 * hour (Anthropic), priced apart.
 *
 * <p>{@code provider} and {@code operation} use OpenTelemetry GenAI values ({@code gen_ai.provider.name},
 * {@code gen_ai.operation.name}).
 */
public record CallRecord(
        String eventId,
        String agentId,
        String service,
        long timestampMillis,
        long durationMillis,
        String provider,
        String operation,
        String requestModel,
        String responseModel,
        boolean streaming,
        int httpStatus,
        String serverAddress,
        UsageStatus usageStatus,
        String usageNote,
        Long inputTokens,
        Long outputTokens,
        Long cacheReadTokens,
        Long cacheWriteTokens,
        Long reasoningTokens,
        Long cacheWrite1hTokens,
        String feature,
        String customer,
        String team,
        Map<String, String> attributes,
        String serviceTier) implements QueueRecord {

    public CallRecord {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A call without a service tier (the provider did not say, or did not have tiers). */
    public CallRecord(String eventId, String agentId, String service, long timestampMillis, long durationMillis,
                      String provider, String operation, String requestModel, String responseModel, boolean streaming,
                      int httpStatus, String serverAddress, UsageStatus usageStatus, String usageNote,
                      Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens,
                      Long reasoningTokens, Long cacheWrite1hTokens, String feature, String customer, String team,
                      Map<String, String> attributes) {
        this(eventId, agentId, service, timestampMillis, durationMillis, provider, operation, requestModel,
                responseModel, streaming, httpStatus, serverAddress, usageStatus, usageNote, inputTokens, outputTokens,
                cacheReadTokens, cacheWriteTokens, reasoningTokens, cacheWrite1hTokens, feature, customer, team,
                attributes, null);
    }

    /** The model the call is priced by: what the provider says served it, else what was asked for. */
    public String model() {
        return responseModel != null ? responseModel : requestModel;
    }
}
