package dev.llmcost.agent.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads a call's {@link CallField}s in either {@link RecordForm}: the one JSON mapping of the table,
 * shared by the queue codec and the ledger codec. Absent values are written as {@code null}, never 0; every field
 * a form carries is always written, so a reader never has to tell "absent" from "not known".
 */
public final class CallJson {

    /** The ledger's times: ISO-8601 UTC with milliseconds ({@code 2026-11-24T08:56:28.015Z}). */
    public static final DateTimeFormatter LEDGER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * A parsed JSON object's fields by name: each a {@link String}, a {@link Long} (a whole number), a
     * {@link Boolean}, a {@link Map} (an object), some other value as its text, or {@code null} when absent.
     */
    @FunctionalInterface
    public interface Fields {
        Object get(String name);
    }

    private CallJson() {
    }

    /** Writes every field of {@code call} that {@code form} carries, in the table's order. */
    public static void write(JsonGenerator json, CallRecord call, RecordForm form) throws IOException {
        for (CallField field : CallField.values()) {
            write(json, call, field, form);
        }
    }

    /** Writes one field of {@code call} (nothing when {@code form} does not carry it). */
    @SuppressWarnings("unchecked")
    public static void write(JsonGenerator json, CallRecord call, CallField field, RecordForm form)
            throws IOException {
        if (!field.isIn(form)) {
            return;
        }
        String name = field.name(form);
        Object value = field.of(call);
        switch (field.type()) {
            case TEXT -> json.writeStringField(name, (String) value);
            case NUMBER -> json.writeNumberField(name, (Long) value);
            case BOOLEAN -> json.writeBooleanField(name, (Boolean) value);
            case TIME -> {
                long millis = (Long) value;
                if (form == RecordForm.QUEUE) {
                    json.writeNumberField(name, millis);
                } else {
                    json.writeStringField(name, LEDGER_TIME.format(Instant.ofEpochMilli(millis)));
                }
            }
            case USAGE_STATUS -> json.writeStringField(name, ((UsageStatus) value).wireName());
            case TOKENS -> {
                TokenCounts tokens = (TokenCounts) value;
                for (TokenKind kind : TokenKind.values()) {
                    Long count = tokens == null ? null : tokens.get(kind);
                    if (count == null) {
                        json.writeNullField(kind.wireName());
                    } else {
                        json.writeNumberField(kind.wireName(), count);
                    }
                }
            }
            case ATTRIBUTES -> {
                json.writeObjectFieldStart(name);
                for (Map.Entry<String, String> attribute : ((Map<String, String>) value).entrySet()) {
                    json.writeStringField(attribute.getKey(), attribute.getValue());
                }
                json.writeEndObject();
            }
        }
    }

    /**
     * The call {@code fields} hold in {@code form}; the agent id is {@code null} in a ledger row. A kind of token
     * {@link TokenKind#absentFromOlderRecords() older records lack} reads as 0 when usage was reported.
     *
     * @throws IllegalArgumentException naming the field, when a required one is missing or a value is not of its
     *                                  type (the record's values are not checked: see
     *                                  {@link CallRecord#impossibleValue()})
     */
    public static CallRecord read(Fields fields, RecordForm form) {
        Map<CallField, Object> values = new EnumMap<>(CallField.class);
        for (CallField field : CallField.values()) {
            if (field.isIn(form) && field.type() != CallField.Type.TOKENS) {
                values.put(field, value(fields, field, form));
            }
        }
        values.put(CallField.TOKENS, tokens(fields, values.get(CallField.USAGE_STATUS) == UsageStatus.REPORTED));
        return CallField.record(values::get);
    }

    private static Object value(Fields fields, CallField field, RecordForm form) {
        String name = field.name(form);
        Object raw = fields.get(name);
        Object value = switch (field.type()) {
            // Text that is not a string is no value: a number where a name belongs says nothing.
            case TEXT -> raw instanceof String text ? text : null;
            case NUMBER -> number(name, raw);
            case BOOLEAN -> Boolean.TRUE.equals(raw);
            case TIME -> form == RecordForm.QUEUE ? number(name, raw) : ledgerTime(name, raw);
            case USAGE_STATUS -> raw instanceof String text ? UsageStatus.fromWireName(text) : null;
            case ATTRIBUTES -> attributes(raw);
            case TOKENS -> throw new IllegalStateException("token counts are read by kind");
        };
        if (value == null && field.required()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static TokenCounts tokens(Fields fields, boolean reported) {
        TokenCounts tokens = TokenCounts.none();
        for (TokenKind kind : TokenKind.values()) {
            Long count = number(kind.wireName(), fields.get(kind.wireName()));
            if (count == null && reported && kind.absentFromOlderRecords()) {
                count = 0L;
            }
            if (count != null) {
                tokens = tokens.with(kind, count);
            }
        }
        return tokens.isEmpty() ? null : tokens;
    }

    private static Long number(String name, Object raw) {
        if (raw == null || raw instanceof Long) {
            return (Long) raw;
        }
        throw new IllegalArgumentException("field '" + name + "' is not an integer");
    }

    private static Long ledgerTime(String name, Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Instant.from(LEDGER_TIME.parse(raw.toString())).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + name + "' is not an ISO-8601 UTC time", e);
        }
    }

    /** An attribute without a value was not set: it is left out, as the agent leaves it out. */
    private static Map<String, String> attributes(Object raw) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value != null) {
                    attributes.put(String.valueOf(key), value.toString());
                }
            });
        }
        return attributes;
    }
}
