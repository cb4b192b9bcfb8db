package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.read.LedgerDimensions;

import java.util.List;

/**
 * The dimensions of a call that rules select and group by (budgets, anomalies): the attribution, what was
 * called and where it ran, and any attribute as {@code attributes.KEY}.
 */
public final class CallDimensions {

    /** The ledger's attribution dimensions ({@link LedgerDimensions#ATTRIBUTION}), and the model asked for. */
    public static final List<String> NAMES = java.util.stream.Stream.concat(LedgerDimensions.ATTRIBUTION.stream(),
            java.util.stream.Stream.of("request_model")).toList();
    private static final String ATTRIBUTE = "attributes.";

    private CallDimensions() {
    }

    /** Whether {@code name} is a dimension a rule may name. */
    public static boolean known(String name) {
        return LedgerDimensions.isAttribution(name) || NAMES.contains(name);
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
