package dev.llmcost.agent.queue;

import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One LLM API call as the agent saw it. Token counts are normalised the one way llmcost uses everywhere
 * ({@link TokenKind}): input counts every input token, cache reads and writes included; output counts every output
 * token, reasoning included. {@code tokens} is {@code null} unless usage was {@link UsageStatus#REPORTED}.
 *
 * <p>{@code provider} and {@code operation} use OpenTelemetry GenAI values ({@code gen_ai.provider.name},
 * {@code gen_ai.operation.name}). {@code environment} is the deployment environment of the agent that recorded the
 * call ({@code null} in records of agents that had none, or that predate it). Its JSON forms are
 * {@link dev.llmcost.agent.schema.CallField}'s.
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
        TokenCounts tokens,
        String feature,
        String customer,
        String team,
        Map<String, String> attributes,
        String serviceTier,
        String environment) implements QueueRecord {

    public CallRecord {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public Long inputTokens() {
        return count(TokenKind.INPUT);
    }

    public Long outputTokens() {
        return count(TokenKind.OUTPUT);
    }

    public Long cacheReadTokens() {
        return count(TokenKind.CACHE_READ);
    }

    public Long cacheWriteTokens() {
        return count(TokenKind.CACHE_WRITE);
    }

    public Long reasoningTokens() {
        return count(TokenKind.REASONING);
    }

    /** The part of {@link #cacheWriteTokens()} cached for an hour (Anthropic), priced apart. */
    public Long cacheWrite1hTokens() {
        return count(TokenKind.CACHE_WRITE_1H);
    }

    /** The count of {@code kind}, or {@code null} when usage was not reported. */
    public Long count(TokenKind kind) {
        return tokens == null ? null : tokens.get(kind);
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
        boolean reported = usageStatus == UsageStatus.REPORTED;
        for (TokenKind kind : TokenKind.values()) {
            Long count = count(kind);
            if (count == null && reported) {
                return kind.wireName() + " is missing although usage_status is reported";
            }
            if (count != null && !reported) {
                return kind.wireName() + " is set although usage_status is " + usageStatus.wireName();
            }
            if (count != null && count < 0) {
                return kind.wireName() + " is negative";
            }
            if (count != null && count > MAX_TOKENS) {
                return kind.wireName() + " is above " + MAX_TOKENS + " tokens, more than any call can have";
            }
        }
        if (reported) {
            for (TokenKind whole : TokenKind.values()) {
                String larger = partsLargerThanWhole(whole);
                if (larger != null) {
                    return larger;
                }
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

    /** Counts are at most {@link #MAX_TOKENS} by now, so their sum cannot overflow. */
    private String partsLargerThanWhole(TokenKind whole) {
        List<TokenKind> parts = whole.parts();
        long sum = 0;
        for (TokenKind part : parts) {
            sum += tokens.get(part);
        }
        if (parts.isEmpty() || sum <= tokens.get(whole)) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0).wireName() + " are more than " + whole.wireName();
        }
        StringJoiner names = new StringJoiner(" and ");
        parts.forEach(part -> names.add(part.wireName()));
        return names + " add up to more than " + whole.wireName();
    }

    /**
     * The most tokens any one call can be recorded with: the ceiling of the agent's {@code usage.max.tokens},
     * and small enough that no realistic number of calls adds up past a long.
     */
    public static final long MAX_TOKENS = 1_000_000_000_000L;

    /** The model the call is priced by: what the provider says served it, else what was asked for. */
    public String model() {
        return responseModel != null ? responseModel : requestModel;
    }
}
