package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The last top-level fields of a JSON document too long to keep whole, read from the tail the agent kept. Every
 * provider puts usage among the last fields of its response ({@code "usage": {…}}, {@code "usageMetadata"}), so a
 * 50 MB embeddings batch is still measured exactly.
 *
 * <p>A candidate is an unescaped {@code "key":} in the tail. It is taken only if the bytes from it to the end of the
 * body read as the rest of the top-level object — {@code "key": …, …}} and nothing after (or {@code }]} for a
 * document that is an array of objects) — which no nested field and nothing inside a string can do. Of the
 * candidates that pass, the earliest is used, so the fields read are as many as the tail holds.
 */
final class JsonTail {

    /** Candidates tried per body: a tail is tried from its end, and real ones have only a few. */
    private static final int MAX_ATTEMPTS = 16;
    private static final byte[] OPEN = {'{'};
    private static final byte[] OPEN_IN_ARRAY = {'[', '{'};

    private JsonTail() {
    }

    /**
     * The top-level fields from the earliest of {@code keys} to the end, or {@code null} when no candidate passes.
     *
     * @param inArray the document is an array of objects (Gemini's streamed array): the last one's fields are read
     */
    static ObjectNode lastFields(byte[] tail, int length, List<String> keys, boolean inArray, Json.Keep keep) {
        ObjectNode found = null;
        int attempts = 0;
        for (int quote = lastIndexOf(tail, length - 1); quote >= 0 && attempts < MAX_ATTEMPTS;
             quote = lastIndexOf(tail, quote - 1)) {
            if (!isKeyCandidate(tail, quote, length, keys)) {
                continue;
            }
            attempts++;
            ObjectNode fields = readRest(tail, quote, length, inArray, keep);
            if (fields != null) {
                found = fields;
            }
        }
        return found;
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** {@code "key"} for one of the keys, followed by a colon, after a comma or a brace, the quote not escaped. */
    private static boolean isKeyCandidate(byte[] bytes, int quote, int length, List<String> keys) {
        int before = quote - 1;
        int backslashes = 0;
        while (before >= 0 && bytes[before] == '\\') {
            backslashes++;
            before--;
        }
        if (backslashes % 2 == 1) {
            return false;
        }
        before = quote - 1;
        while (before >= 0 && isWhitespace(bytes[before])) {
            before--;
        }
        if (before >= 0 && bytes[before] != ',' && bytes[before] != '{') {
            return false;
        }
        for (String key : keys) {
            int end = quote + 1 + key.length();
            if (end < length && bytes[end] == '"' && matches(bytes, quote + 1, key)) {
                int colon = end + 1;
                while (colon < length && isWhitespace(bytes[colon])) {
                    colon++;
                }
                if (colon < length && bytes[colon] == ':') {
                    return true;
                }
            }
        }
        return false;
    }

    private static ObjectNode readRest(byte[] tail, int from, int length, boolean inArray, Json.Keep keep) {
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(inArray ? OPEN_IN_ARRAY : OPEN),
                new ByteArrayInputStream(tail, from, length - from));
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        try (JsonParser parser = Json.FACTORY.createParser(rest)) {
            parser.nextToken();
            if (inArray) {
                parser.nextToken();
            }
            Json.readObject(parser, fields, keep);
            if (inArray && parser.nextToken() != JsonToken.END_ARRAY) {
                return null;
            }
            return parser.nextToken() == null ? fields : null;
        } catch (IOException notTheRest) {
            return null;
        }
    }

    private static boolean matches(byte[] bytes, int at, String key) {
        byte[] expected = key.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
