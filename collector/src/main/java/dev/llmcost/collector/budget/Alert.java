package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.Money;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert, as written to {@code OUT/alerts/YYYY-MM-DD.jsonl} and POSTed to the webhook. Its id is the same for
 * the same rule × scope × period × kind, whenever and however often it is computed, so that a receiver can dedupe
 * deliveries by it. Periods are given as instants in the rules' timezone, the end exclusive.
 */
public record Alert(String alertId, Kind kind, String rule, Map<String, String> scope, OffsetDateTime periodStart,
                    OffsetDateTime periodEnd, BigDecimal spentUsd, BigDecimal limitUsd, BigDecimal forecastUsd,
                    BigDecimal baselineUsd, OffsetDateTime windowStart, String eventId, Instant timestamp,
                    Instant detectedAt) {

    public enum Kind {
        BUDGET_WARNING, BUDGET_EXCEEDED, FORECAST_EXCEEDED, ANOMALY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The alert's id: the rule, kind, scope and period start, hashed. */
    public static String id(String rule, Kind kind, Map<String, String> scope, OffsetDateTime periodStart) {
        StringBuilder key = new StringBuilder(rule).append('\n').append(kind.wireName()).append('\n');
        new TreeMap<>(scope).forEach((dimension, value) -> key.append(dimension).append('=').append(value)
                .append('\n'));
        key.append(periodStart.toInstant());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    /** The day file it is appended to: the UTC day of the call that raised it (the same on every redo). */
    public java.time.LocalDate day() {
        return timestamp.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("alert_id", alertId);
        json.put("kind", kind.wireName());
        json.put("rule", rule);
        ObjectNode scopeNode = json.putObject("scope");
        scope.forEach(scopeNode::put);
        json.put("period_start", periodStart.toString());
        json.put("period_end", periodEnd.toString());
        money(json, "spent_usd", spentUsd);
        if (limitUsd != null) {
            money(json, "limit_usd", limitUsd);
        }
        if (forecastUsd != null) {
            money(json, "forecast_usd", forecastUsd);
        }
        if (baselineUsd != null) {
            money(json, "baseline_usd", baselineUsd);
        }
        if (windowStart != null) {
            json.put("window_start", windowStart.toString());
        }
        json.put("event_id", eventId);
        json.put("timestamp", timestamp.toString());
        json.put("detected_at", detectedAt.toString());
        return json;
    }

    /** Amounts are JSON numbers, exact and plain (the writer is set to never use an exponent). */
    private static void money(ObjectNode json, String field, BigDecimal amount) {
        json.put(field, new BigDecimal(Money.plain(amount)));
    }

    public static Alert fromJson(JsonNode json) {
        Map<String, String> scope = new java.util.LinkedHashMap<>();
        json.path("scope").fields().forEachRemaining(f -> scope.put(f.getKey(), f.getValue().asText()));
        return new Alert(json.path("alert_id").asText(), Kind.valueOf(json.path("kind").asText()
                .toUpperCase(java.util.Locale.ROOT)), json.path("rule").asText(), scope,
                OffsetDateTime.parse(json.path("period_start").asText()),
                OffsetDateTime.parse(json.path("period_end").asText()), decimal(json, "spent_usd"),
                decimal(json, "limit_usd"), decimal(json, "forecast_usd"), decimal(json, "baseline_usd"),
                json.hasNonNull("window_start") ? OffsetDateTime.parse(json.path("window_start").asText()) : null,
                json.path("event_id").asText(null), Instant.parse(json.path("timestamp").asText()),
                Instant.parse(json.path("detected_at").asText()));
    }

    private static BigDecimal decimal(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.path(field).decimalValue() : null;
    }
}
