package dev.llmcost.agent.provider;

import dev.llmcost.agent.queue.UsageStatus;

/**
 * What a response says: the model that served it and the usage the provider reported. {@code usage} is
 * non-null exactly when {@code status} is {@link UsageStatus#REPORTED}. {@code note} explains any other status
 * in a few words, and never quotes the body.
 */
public record ResponseFacts(String model, Usage usage, UsageStatus status, String note, String serviceTier) {

    public static ResponseFacts reported(String model, Usage usage) {
        return new ResponseFacts(model, usage, UsageStatus.REPORTED, null, null);
    }

    public static ResponseFacts without(String model, UsageStatus status, String note) {
        return new ResponseFacts(model, null, status, note, null);
    }

    /**
     * These facts with the service tier the provider says served the call ({@code flex}, {@code priority},
     * {@code default}…): priced differently.
     */
    public ResponseFacts withServiceTier(String tier) {
        return tier == null ? this : new ResponseFacts(model, usage, status, note, tier);
    }
}
