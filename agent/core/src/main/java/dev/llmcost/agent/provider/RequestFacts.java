package dev.llmcost.agent.provider;

/** What a request body says that pricing needs: the model asked for, and whether a stream was asked for. */
public record RequestFacts(String model, boolean streamRequested, boolean streamUsageRequested) {

    public static final RequestFacts UNKNOWN = new RequestFacts(null, false, false);
}
