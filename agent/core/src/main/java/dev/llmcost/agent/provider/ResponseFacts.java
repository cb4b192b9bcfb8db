package dev.llmcost.agent.provider;

import dev.llmcost.agent.queue.UsageStatus;

/**
 * What a response says: the model that served it and the usage the provider reported. {@code usage} is
 * non-null exactly when {@code status} is {@link UsageStatus#REPORTED}. {@code note} explains any other status
 * in a few words, and never quotes the body. {@code errorType} is the provider's name for an error (an error
 * response's, or a stream's error event's), never its message.
 */
public record ResponseFacts(String model, Usage usage, UsageStatus status, String note, String serviceTier,
                            String errorType) {

    public static ResponseFacts reported(String model, Usage usage) {
        return new ResponseFacts(model, usage, UsageStatus.REPORTED, null, null, null);
    }

    public static ResponseFacts without(String model, UsageStatus status, String note) {
        return new ResponseFacts(model, null, status, note, null, null);
    }

    /** An error the provider reported, of the given type ({@code null} when the body named none). */
    public static ResponseFacts error(String errorType, String note) {
        return new ResponseFacts(null, null, UsageStatus.ERROR, note, null, errorType);
    }

    /**
     * These facts with the service tier the provider says served the call ({@code flex}, {@code priority},
     * {@code default}…): priced differently.
     */
    public ResponseFacts withServiceTier(String tier) {
        return tier == null ? this : new ResponseFacts(model, usage, status, note, tier, errorType);
    }

    /** These facts without a model: for APIs priced by the model in the URL, whatever the body names. */
    public ResponseFacts withoutModel() {
        return new ResponseFacts(null, usage, status, note, serviceTier, errorType);
    }
}
