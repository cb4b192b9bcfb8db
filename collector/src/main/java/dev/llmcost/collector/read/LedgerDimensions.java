package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static dev.llmcost.collector.read.JsonFields.text;

/** The value of a dimension (feature, model, day, {@code attributes.KEY} …) in a ledger row, read one way. */
public final class LedgerDimensions {

    /**
     * The dimensions a call is attributed by, which a shared cost can be scoped by and allocated to (with
     * {@code attributes.KEY}); time (day, hour) is not one: it is the cost's period.
     */
    public static final List<String> ATTRIBUTION = List.of("feature", "customer", "team", "model", "provider",
            "service", "operation", "environment");

    private static final String ATTRIBUTES = "attributes.";

    private LedgerDimensions() {
    }

    /** Whether {@code dimension} is one of {@link #ATTRIBUTION} or {@code attributes.KEY}. */
    public static boolean isAttribution(String dimension) {
        return ATTRIBUTION.contains(dimension)
                || dimension.startsWith(ATTRIBUTES) && dimension.length() > ATTRIBUTES.length();
    }

    /** The row's value, or {@code null} when it has none; {@code model} is the response model, else the request's. */
    public static String value(JsonNode row, String dimension) {
        return switch (dimension) {
            case "day" -> row.path("timestamp").asText().substring(0, 10);
            case "hour" -> row.path("timestamp").asText().substring(0, 13) + ":00Z";
            case "model" -> text(row, "response_model") != null ? text(row, "response_model")
                    : text(row, "request_model");
            default -> dimension.startsWith(ATTRIBUTES)
                    ? text(row.path("attributes"), dimension.substring(ATTRIBUTES.length()))
                    : text(row, dimension);
        };
    }
}
