package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON reader of the agent's parsers. It reads a body's <em>skeleton</em>: its objects, numbers,
 * booleans and short strings, leaving arrays and long strings empty — which is where conversations, completions
 * and embeddings live. Usage and model names are never in an array, so parsers lose nothing, the agent never holds
 * content it does not need, and a response is read with a fraction of the work and garbage of a full tree.
 * Errors never quote the input.
 */
public final class Json {

    /** Strings longer than this are content (a prompt, a completion), never a model name or an id. */
    static final int MAX_KEPT_STRING = 512;
    /** An AWS event-stream chunk's base64 body: kept whole, it is decoded and read in turn. */
    static final int MAX_KEPT_ENVELOPE_STRING = 64 * 1024;

    /** How much of a document a skeleton keeps. */
    record Keep(boolean arrays, int maxString) {
        static final Keep SKELETON = new Keep(false, MAX_KEPT_STRING);
        static final Keep WITH_ARRAYS = new Keep(true, MAX_KEPT_STRING);
        static final Keep ENVELOPE = new Keep(false, MAX_KEPT_ENVELOPE_STRING);
    }

    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** The skeleton of a complete JSON object. */
    public static JsonNode read(byte[] bytes, int offset, int length) throws MalformedBodyException {
        return read(bytes, offset, length, Keep.SKELETON);
    }

    /** The skeleton of an envelope whose strings carry encoded bodies (Bedrock's {@code chunk.bytes}). */
    public static JsonNode readEnvelope(byte[] bytes, int offset, int length) throws MalformedBodyException {
        return read(bytes, offset, length, Keep.ENVELOPE);
    }

    /**
     * The skeleton of a complete JSON object, arrays of objects included (as arrays of their skeletons; other
     * elements are left out). For the few formats that put usage inside an array: Vertex AI's {@code :predict},
     * Amazon Titan's {@code results}.
     */
    public static JsonNode readWithArrays(byte[] bytes, int offset, int length) throws MalformedBodyException {
        return read(bytes, offset, length, Keep.WITH_ARRAYS);
    }

    /**
     * The skeletons of the objects of a JSON array, as many as are complete, and whether the array was closed:
     * Gemini's {@code streamGenerateContent} without {@code alt=sse} streams one array.
     */
    static JsonArrayStream readArrayOfObjects(byte[] bytes, int offset, int length) throws MalformedBodyException {
        List<JsonNode> elements = new ArrayList<>();
        boolean closed = false;
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedBodyException("not a JSON array");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                ObjectNode element = NODES.objectNode();
                readObject(parser, element, Keep.SKELETON);
                elements.add(element);
            }
            closed = token == JsonToken.END_ARRAY;
        } catch (IOException cutShort) {
            if (elements.isEmpty()) {
                throw new MalformedBodyException(cutShort);
            }
        }
        return new JsonArrayStream(elements, closed);
    }

    static JsonNode read(byte[] bytes, int offset, int length, Keep keep) throws MalformedBodyException {
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedBodyException("empty body");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("not a JSON object");
            }
            ObjectNode skeleton = NODES.objectNode();
            readObject(parser, skeleton, keep);
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
            readObject(parser, skeleton, Keep.SKELETON);
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

    static void readObject(JsonParser parser, ObjectNode into, Keep keep) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            switch (parser.nextToken()) {
                case START_OBJECT -> readObject(parser, into.putObject(name), keep);
                // What is not kept still leaves its field, empty: a count sent as an array or a long string is
                // then refused as not a number, rather than read as absent.
                case START_ARRAY -> {
                    if (keep.arrays()) {
                        readArray(parser, into.putArray(name), keep);
                    } else {
                        into.putArray(name);
                        parser.skipChildren();
                    }
                }
                case VALUE_STRING -> into.put(name, parser.getTextLength() <= keep.maxString() ? parser.getText() : "");
                // A count too big for a long is kept as it is, so that it is refused as out of range rather than
                // failing the whole body.
                case VALUE_NUMBER_INT -> {
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        into.put(name, (java.math.BigInteger) number(parser, true));
                    } else {
                        into.put(name, parser.getLongValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> into.put(name, (java.math.BigDecimal) number(parser, false));
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

    /**
     * A number too large for a long, or with a fraction or exponent, read exactly; one Java cannot even hold
     * ({@code 1e9999999999}) makes the body unreadable rather than throwing out of the parser.
     */
    private static Number number(JsonParser parser, boolean integral) throws IOException {
        try {
            return integral ? parser.getBigIntegerValue() : parser.getDecimalValue();
        } catch (NumberFormatException | ArithmeticException beyondJava) {
            throw new JsonProcessingException("a number out of any range", parser.currentLocation()) {
                private static final long serialVersionUID = 1L;
            };
        }
    }

    private static void readArray(JsonParser parser, ArrayNode into, Keep keep) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonProcessingException("array cut short", parser.currentLocation()) {
                    private static final long serialVersionUID = 1L;
                };
            }
            if (token == JsonToken.START_OBJECT) {
                readObject(parser, into.addObject(), keep);
            } else {
                parser.skipChildren();
            }
        }
    }

    /** The text at {@code field}, or {@code null} when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The object at {@code field}, or {@code null} when absent or not an object. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }
}
