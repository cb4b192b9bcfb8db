package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the fields of the collector's own JSON (ledger rows, the checkpoint), where null means absent. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The field as text, or {@code null} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The field as a whole number, or {@code null} when absent or null. */
    public static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
