package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** The one JSON reader of the agent's parsers. Its errors never quote the input (it may be a completion). */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private Json() {
    }

    public static JsonNode read(byte[] bytes, int offset, int length) throws MalformedBodyException {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new MalformedBodyException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedBodyException(e);
        }
    }

    /** The text at {@code field}, or {@code null} when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The integer at {@code field}, or {@code null} when absent or not a number. */
    public static Long integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    /** The object at {@code field}, or {@code null} when absent or not an object. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }
}
