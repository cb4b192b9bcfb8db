package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;

import java.util.List;

/**
 * The dimensions of a call that rules select and group by (budgets, anomalies): the attribution, what was
 * called and where it ran, and any attribute as {@code attributes.KEY}.
 */
public final class CallDimensions {

    public static final List<String> NAMES = List.of("feature", "customer", "team", "model", "request_model",
            "provider", "service", "operation", "environment");
    private static final String ATTRIBUTE = "attributes.";

    private CallDimensions() {
    }

    /** Whether {@code name} is a dimension a rule may name. */
    public static boolean known(String name) {
        return NAMES.contains(name) || name.startsWith(ATTRIBUTE) && name.length() > ATTRIBUTE.length();
    }

    /** The call's value of the dimension; {@code null} when the call has none. */
    public static String value(CallRecord call, String name) {
        return switch (name) {
            case "feature" -> call.feature();
            case "customer" -> call.customer();
            case "team" -> call.team();
            case "model" -> call.model();
            case "request_model" -> call.requestModel();
            case "provider" -> call.provider();
            case "service" -> call.service();
            case "operation" -> call.operation();
            case "environment" -> call.environment();
            default -> name.startsWith(ATTRIBUTE) ? call.attributes().get(name.substring(ATTRIBUTE.length())) : null;
        };
    }
}
