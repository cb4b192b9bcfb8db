package dev.llmcost.agent.provider;

import dev.llmcost.agent.queue.UsageStatus;

/**
 * What a response says: the model that served it and the usage the provider reported. {@code usage} is
 * non-null exactly when {@code status} is {@link UsageStatus#REPORTED}. {@code note} explains any other status
 * in a few words, and never quotes the body.
 */
public record ResponseFacts(String model, Usage usage, UsageStatus status, String note) {

    public static ResponseFacts reported(String model, Usage usage) {
        return new ResponseFacts(model, usage, UsageStatus.REPORTED, null);
    }

    public static ResponseFacts without(String model, UsageStatus status, String note) {
        return new ResponseFacts(model, null, status, note);
    }
}
