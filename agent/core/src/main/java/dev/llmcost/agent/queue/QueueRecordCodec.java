package dev.llmcost.agent.queue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@link QueueRecord}s as single-line JSON objects. Field names are the ledger's own, so
 * a record read with {@code chronicle} tools is self-explanatory.
 */
public final class QueueRecordCodec {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private QueueRecordCodec() {
    }

    /** The record as JSON text (tests and tools; the agent writes bytes with {@link #write}). */
    public static String toJson(QueueRecord record) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        write(record, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes the record as UTF-8 JSON straight into {@code out} (a queue document), with no copy in between. */
    public static void write(QueueRecord record, java.io.OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            if (record instanceof CallRecord call) {
                json.writeStringField("type", "call");
                json.writeNumberField("v", QueueRecord.VERSION);
                writeCall(json, call);
            } else if (record instanceof CountersRecord counters) {
                json.writeStringField("type", "counters");
                json.writeNumberField("v", QueueRecord.VERSION);
                writeCounters(json, counters);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCall(JsonGenerator json, CallRecord call) throws IOException {
        json.writeStringField("event_id", call.eventId());
        json.writeStringField("agent_id", call.agentId());
        json.writeStringField("service", call.service());
        json.writeNumberField("timestamp_ms", call.timestampMillis());
        json.writeNumberField("duration_ms", call.durationMillis());
        json.writeStringField("provider", call.provider());
        json.writeStringField("operation", call.operation());
        json.writeStringField("request_model", call.requestModel());
        json.writeStringField("response_model", call.responseModel());
        json.writeBooleanField("streaming", call.streaming());
        json.writeNumberField("http_status", call.httpStatus());
        json.writeStringField("server_address", call.serverAddress());
        json.writeStringField("usage_status", call.usageStatus().wireName());
        json.writeStringField("usage_note", call.usageNote());
        writeLong(json, "input_tokens", call.inputTokens());
        writeLong(json, "output_tokens", call.outputTokens());
        writeLong(json, "cache_read_tokens", call.cacheReadTokens());
        writeLong(json, "cache_write_tokens", call.cacheWriteTokens());
        writeLong(json, "reasoning_tokens", call.reasoningTokens());
        if (call.cacheWrite1hTokens() != null && call.cacheWrite1hTokens() != 0) {
            json.writeNumberField("cache_write_1h_tokens", call.cacheWrite1hTokens());
        }
        json.writeStringField("feature", call.feature());
        json.writeStringField("customer", call.customer());
        json.writeStringField("team", call.team());
        json.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> attribute : call.attributes().entrySet()) {
            json.writeStringField(attribute.getKey(), attribute.getValue());
        }
        json.writeEndObject();
        if (call.serviceTier() != null) {
            json.writeStringField("service_tier", call.serviceTier());
        }
        if (call.environment() != null) {
            json.writeStringField("environment", call.environment());
        }
    }

    private static void writeCounters(JsonGenerator json, CountersRecord counters) throws IOException {
        json.writeStringField("agent_id", counters.agentId());
        json.writeStringField("service", counters.service());
        json.writeNumberField("timestamp_ms", counters.timestampMillis());
        json.writeNumberField("pid", counters.pid());
        json.writeObjectFieldStart("counters");
        for (Map.Entry<String, Long> counter : counters.counters().entrySet()) {
            json.writeNumberField(counter.getKey(), counter.getValue());
        }
        json.writeEndObject();
    }

    private static void writeLong(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    /**
     * Parses one record.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not a record this version reads, or
     *                                  a call with an {@link CallRecord#impossibleValue() impossible value}
     */
    public static QueueRecord fromJson(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return fromJson(bytes, 0, bytes.length);
    }

    /** Parses one record from UTF-8 JSON bytes, as read from a queue document. */
    public static QueueRecord fromJson(byte[] bytes, int offset, int length) {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            readObject(parser, fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable record (" + e + ")", e);
        }
        Object type = fields.get("type");
        if ("call".equals(type)) {
            CallRecord call = readCall(fields);
            String impossible = call.impossibleValue();
            if (impossible != null) {
                throw new IllegalArgumentException("impossible value: " + impossible);
            }
            return call;
        }
        if ("counters".equals(type)) {
            return readCounters(fields);
        }
        throw new IllegalArgumentException("unknown record type '" + type + "'");
    }

    private static void readObject(JsonParser parser, Map<String, Object> into) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (value) {
                case START_OBJECT -> {
                    Map<String, Object> nested = new LinkedHashMap<>();
                    readObject(parser, nested);
                    into.put(name, nested);
                }
                case VALUE_NUMBER_INT -> into.put(name, parser.getLongValue());
                case VALUE_STRING -> into.put(name, parser.getText());
                case VALUE_TRUE, VALUE_FALSE -> into.put(name, parser.getBooleanValue());
                case VALUE_NULL -> into.put(name, null);
                default -> {
                    parser.skipChildren();
                    into.put(name, parser.getText());
                }
            }
        }
    }

    private static CallRecord readCall(Map<String, Object> f) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (f.get("attributes") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> attributes.put(String.valueOf(key), value == null ? null : value.toString()));
        }
        return new CallRecord(
                required(f, "event_id"), string(f, "agent_id"), string(f, "service"),
                number(f, "timestamp_ms"), number(f, "duration_ms"),
                required(f, "provider"), string(f, "operation"),
                string(f, "request_model"), string(f, "response_model"),
                Boolean.TRUE.equals(f.get("streaming")), httpStatus(number(f, "http_status")),
                string(f, "server_address"), UsageStatus.fromWireName(required(f, "usage_status")),
                string(f, "usage_note"),
                optionalNumber(f, "input_tokens"), optionalNumber(f, "output_tokens"),
                optionalNumber(f, "cache_read_tokens"), optionalNumber(f, "cache_write_tokens"),
                optionalNumber(f, "reasoning_tokens"), oneHourWrites(f),
                string(f, "feature"), string(f, "customer"), string(f, "team"), attributes,
                string(f, "service_tier"), string(f, "environment"));
    }

    /** Absent in records of agents before 1-hour cache writes were told apart, and when there are none. */
    private static Long oneHourWrites(Map<String, Object> f) {
        Long value = optionalNumber(f, "cache_write_1h_tokens");
        return value != null ? value : optionalNumber(f, "cache_write_tokens") == null ? null : 0L;
    }

    private static CountersRecord readCounters(Map<String, Object> f) {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (f.get("counters") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value instanceof Long number) {
                    counters.put(String.valueOf(key), number);
                }
            });
        }
        return new CountersRecord(required(f, "agent_id"), string(f, "service"), number(f, "timestamp_ms"),
                number(f, "pid"), counters);
    }

    private static String string(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value instanceof String text ? text : null;
    }

    private static String required(Map<String, Object> fields, String name) {
        String value = string(fields, name);
        if (value == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    /** An int, or -1 (not a status) for a number an int cannot hold, so that it is refused, not wrapped. */
    private static int httpStatus(long value) {
        return value >= 0 && value <= 999 ? (int) value : -1;
    }

    private static long number(Map<String, Object> fields, String name) {
        Long value = optionalNumber(fields, name);
        if (value == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static Long optionalNumber(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Long number) {
            return number;
        }
        throw new IllegalArgumentException("field '" + name + "' is not an integer");
    }
}
