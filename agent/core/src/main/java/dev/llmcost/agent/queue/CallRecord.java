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
 * {@code gen_ai.operation.name}). {@code environment} is the deployment environment of the agent that recorded the
 * call ({@code null} in records of agents that had none, or that predate it).
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
        String serviceTier,
        String environment) implements QueueRecord {

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
                attributes, null, null);
    }

    /** A call recorded without a deployment environment. */
    public CallRecord(String eventId, String agentId, String service, long timestampMillis, long durationMillis,
                      String provider, String operation, String requestModel, String responseModel, boolean streaming,
                      int httpStatus, String serverAddress, UsageStatus usageStatus, String usageNote,
                      Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens,
                      Long reasoningTokens, Long cacheWrite1hTokens, String feature, String customer, String team,
                      Map<String, String> attributes, String serviceTier) {
        this(eventId, agentId, service, timestampMillis, durationMillis, provider, operation, requestModel,
                responseModel, streaming, httpStatus, serverAddress, usageStatus, usageNote, inputTokens, outputTokens,
                cacheReadTokens, cacheWriteTokens, reasoningTokens, cacheWrite1hTokens, feature, customer, team,
                attributes, serviceTier, null);
    }

    /**
     * What makes this record impossible, or {@code null} when nothing does: counts without reported usage (or
     * reported usage without counts), a negative count, parts larger than their total, a negative duration, an
     * HTTP status that is not one. The collector refuses such a record (it keeps it in {@code rejected/} with
     * this reason) rather than price it; the reason names the field, not the value, so that reasons add up.
     */
    public String impossibleValue() {
        if (httpStatus < 100 || httpStatus > 599) {
            return "http_status is not an HTTP status";
        }
        Long[] counts = {inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens,
                cacheWrite1hTokens};
        String[] names = {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                "reasoning_tokens", "cache_write_1h_tokens"};
        boolean reported = usageStatus == UsageStatus.REPORTED;
        for (int i = 0; i < counts.length; i++) {
            // cache_write_1h_tokens is absent in records of agents that did not tell 1-hour writes apart.
            if (counts[i] == null && reported && i < 5) {
                return names[i] + " is missing although usage_status is reported";
            }
            if (counts[i] != null && !reported) {
                return names[i] + " is set although usage_status is " + usageStatus.wireName();
            }
            if (counts[i] != null && counts[i] < 0) {
                return names[i] + " is negative";
            }
            if (counts[i] != null && counts[i] > MAX_TOKENS) {
                return names[i] + " is above " + MAX_TOKENS + " tokens, more than any call can have";
            }
        }
        if (reported) {
            long read = orZero(cacheReadTokens);
            long write = orZero(cacheWriteTokens);
            if (read > inputTokens || write > inputTokens - read) {
                return "cache_read_tokens and cache_write_tokens add up to more than input_tokens";
            }
            if (orZero(cacheWrite1hTokens) > write) {
                return "cache_write_1h_tokens are more than cache_write_tokens";
            }
            if (orZero(reasoningTokens) > outputTokens) {
                return "reasoning_tokens are more than output_tokens";
            }
        }
        if (durationMillis < 0) {
            return "duration_ms is negative";
        }
        if (timestampMillis < 0) {
            return "timestamp_ms is before 1970";
        }
        return null;
    }

    /**
     * The most tokens any one call can be recorded with: the ceiling of the agent's {@code usage.max.tokens},
     * and small enough that no realistic number of calls adds up past a long.
     */
    public static final long MAX_TOKENS = 1_000_000_000_000L;

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** The model the call is priced by: what the provider says served it, else what was asked for. */
    public String model() {
        return responseModel != null ? responseModel : requestModel;
    }
}
