package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads the top-level settings of a request body — model, stream flags, options — and skips the
 * conversation itself (arrays and long strings), which is both the bulk of the bytes and content the agent
 * must not keep. Works on a body cut short at the capture limit: whatever was read before the cut is kept.
 */
public final class RequestJson {

    private static final int MAX_KEPT_STRING = 512;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private RequestJson() {
    }

    /** The settings found, or {@code null} when the bytes do not start a JSON object. */
    public static JsonNode settings(byte[] bytes, int length) {
        if (bytes == null || length == 0) {
            return null;
        }
        ObjectNode settings = MAPPER.createObjectNode();
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes, 0, length)) {
            if (!startsObject(parser)) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    settings.set(name, MAPPER.readTree(parser));
                } else if (value == JsonToken.VALUE_STRING) {
                    String text = parser.getText();
                    if (text.length() <= MAX_KEPT_STRING) {
                        settings.put(name, text);
                    }
                } else if (value.isScalarValue()) {
                    settings.set(name, MAPPER.readTree(parser));
                }
            }
        } catch (IOException cutShortOrMalformed) {
            // keep what was read
        }
        return settings;
    }

    private static boolean startsObject(JsonParser parser) {
        try {
            return parser.nextToken() == JsonToken.START_OBJECT;
        } catch (IOException notJson) {
            return false;
        }
    }
}
