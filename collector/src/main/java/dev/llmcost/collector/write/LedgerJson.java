package dev.llmcost.collector.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.price.PricedCall;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static dev.llmcost.collector.read.JsonFields.number;
import static dev.llmcost.collector.read.JsonFields.text;

/**
 * One ledger line per call (schema in the README). Costs are written as exact decimals, never in exponent
 * form; token counts are the provider's own, normalised; absent values are {@code null}, never 0.
 */
public final class LedgerJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LedgerJson() {
    }

    public static String line(PricedCall priced) {
        CallRecord call = priced.call();
        StringWriter out = new StringWriter(640);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event_id", call.eventId());
            json.writeStringField("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(call.timestampMillis())));
            json.writeNumberField("duration_ms", call.durationMillis());
            json.writeStringField("provider", call.provider());
            json.writeStringField("operation", call.operation());
            json.writeStringField("request_model", call.requestModel());
            json.writeStringField("response_model", call.responseModel());
            json.writeBooleanField("streaming", call.streaming());
            json.writeNumberField("http_status", call.httpStatus());
            writeLong(json, "input_tokens", call.inputTokens());
            writeLong(json, "output_tokens", call.outputTokens());
            writeLong(json, "cache_read_tokens", call.cacheReadTokens());
            writeLong(json, "cache_write_tokens", call.cacheWriteTokens());
            writeLong(json, "reasoning_tokens", call.reasoningTokens());
            writeLong(json, "cache_write_1h_tokens", call.cacheWrite1hTokens());
            if (priced.costUsd() == null) {
                json.writeNullField("cost_usd");
            } else {
                json.writeFieldName("cost_usd");
                json.writeNumber(Money.plain(priced.costUsd()));
            }
            json.writeStringField("price_ref", priced.priceRef());
            json.writeStringField("cost_note", priced.costNote());
            json.writeStringField("feature", call.feature());
            json.writeStringField("customer", call.customer());
            json.writeStringField("team", call.team());
            json.writeStringField("environment", call.environment());
            json.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> attribute : call.attributes().entrySet()) {
                json.writeStringField(attribute.getKey(), attribute.getValue());
            }
            json.writeEndObject();
            json.writeStringField("service", call.service());
            json.writeStringField("server_address", call.serverAddress());
            json.writeStringField("usage_status", call.usageStatus().wireName());
            json.writeStringField("usage_note", call.usageNote());
            json.writeStringField("service_tier", call.serviceTier());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A ledger row read back as the call it records (to price it again); the agent id is not in the ledger. */
    public static CallRecord call(com.fasterxml.jackson.databind.JsonNode row) {
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        row.path("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        return new CallRecord(text(row, "event_id"), null, text(row, "service"),
                Instant.from(TIMESTAMP.parse(row.path("timestamp").asText())).toEpochMilli(),
                row.path("duration_ms").asLong(), text(row, "provider"), text(row, "operation"),
                text(row, "request_model"), text(row, "response_model"), row.path("streaming").asBoolean(),
                row.path("http_status").asInt(), text(row, "server_address"),
                dev.llmcost.agent.queue.UsageStatus.fromWireName(row.path("usage_status").asText()),
                text(row, "usage_note"), number(row, "input_tokens"), number(row, "output_tokens"),
                number(row, "cache_read_tokens"), number(row, "cache_write_tokens"), number(row, "reasoning_tokens"),
                number(row, "cache_write_1h_tokens"), text(row, "feature"), text(row, "customer"),
                text(row, "team"), attributes, text(row, "service_tier"), text(row, "environment"));
    }

    private static void writeLong(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
