package dev.llmcost.collector.ship;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;

/**
 * The two top-level fields ship needs from a queue record, read without building the record: {@code agent_id}
 * (the Kafka key, so that one agent's records stay in order on one partition) and {@code timestamp_ms} (for the
 * lag). Calls and counters records both carry them, as the agent's codec writes them. A record that is not
 * readable JSON is still shipped as it is: the collector rejects it into its rejected/ like a local one.
 */
public record RecordFields(String agentId, long timestampMillis) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private static final RecordFields NONE = new RecordFields(null, NO_TIMESTAMP);

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    public static RecordFields of(byte[] json) {
        String agentId = null;
        long timestamp = NO_TIMESTAMP;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren(); // attributes and counters: nested names are not the record's own
                } else if (value == JsonToken.VALUE_STRING && "agent_id".equals(name)) {
                    agentId = parser.getText();
                } else if (value == JsonToken.VALUE_NUMBER_INT && "timestamp_ms".equals(name)) {
                    timestamp = parser.getLongValue();
                }
                if (agentId != null && timestamp != NO_TIMESTAMP) {
                    break;
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // what was read before the damage still counts
        }
        return new RecordFields(agentId == null || agentId.isEmpty() ? null : agentId, timestamp);
    }
}
