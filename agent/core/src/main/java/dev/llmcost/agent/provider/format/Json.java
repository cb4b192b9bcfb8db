package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The one JSON reader of the agent's parsers. It reads a body's <em>skeleton</em>: its objects, numbers,
 * booleans and short strings, skipping arrays and long strings — which is where conversations, completions and
 * embeddings live. Usage and model names are never in an array, so parsers lose nothing, the agent never holds
 * content it does not need, and a response is read with a fraction of the work and garbage of a full tree.
 * Errors never quote the input.
 */
public final class Json {

    /** Strings longer than this are content (a prompt, a completion), never a model name or an id. */
    static final int MAX_KEPT_STRING = 512;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** The skeleton of a complete JSON object. */
    public static JsonNode read(byte[] bytes, int offset, int length) throws MalformedBodyException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedBodyException("empty body");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("not a JSON object");
            }
            ObjectNode skeleton = NODES.objectNode();
            readObject(parser, skeleton);
            return skeleton;
        } catch (IOException e) {
            throw new MalformedBodyException(e);
        }
    }

    /**
     * The skeleton of as much of a JSON object as there is: for a request body cut short at the capture limit,
     * whatever came before the cut. {@code null} when the bytes do not start a JSON object.
     */
    public static JsonNode readPrefix(byte[] bytes, int offset, int length) {
        if (bytes == null || length == 0) {
            return null;
        }
        ObjectNode skeleton = NODES.objectNode();
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            if (!startsObject(parser)) {
                return null;
            }
            readObject(parser, skeleton);
        } catch (IOException cutShort) {
            // keep what was read before the cut
        }
        return skeleton;
    }

    private static boolean startsObject(JsonParser parser) {
        try {
            return parser.nextToken() == JsonToken.START_OBJECT;
        } catch (IOException notJson) {
            return false;
        }
    }

    private static void readObject(JsonParser parser, ObjectNode into) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            switch (parser.nextToken()) {
                case START_OBJECT -> readObject(parser, into.putObject(name));
                case START_ARRAY -> parser.skipChildren();
                case VALUE_STRING -> {
                    if (parser.getTextLength() <= MAX_KEPT_STRING) {
                        into.put(name, parser.getText());
                    }
                }
                case VALUE_NUMBER_INT -> into.put(name, parser.getLongValue());
                case VALUE_NUMBER_FLOAT -> into.put(name, parser.getDecimalValue());
                case VALUE_TRUE, VALUE_FALSE -> into.put(name, parser.getBooleanValue());
                case VALUE_NULL -> into.putNull(name);
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonProcessingException("unexpected " + token, parser.currentLocation()) {
                private static final long serialVersionUID = 1L;
            };
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
