package dev.llmcost.agent.queue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.llmcost.agent.schema.CallJson;
import dev.llmcost.agent.schema.RecordForm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@link QueueRecord}s as single-line JSON objects. A call's fields are those of
 * {@link dev.llmcost.agent.schema.CallField}, named as in the ledger, so a record read with {@code chronicle} tools
 * is self-explanatory.
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
                CallJson.write(json, call, RecordForm.QUEUE);
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
            CallRecord call = CallJson.read(fields::get, RecordForm.QUEUE);
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
