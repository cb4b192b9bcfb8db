package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.provider.format.SseEvent;
import dev.llmcost.agent.queue.UsageStatus;

/**
 * What a stream's events add up to. Providers that repeat usage on several events send running totals, so the
 * last usage seen is what the provider bills; the first model named is the one that served the call.
 */
public final class StreamTally {

    private String model;
    private Usage usage;
    private String malformed;
    private String failure;
    private String serviceTier;

    /**
     * Hands each SSE event's JSON data to {@code reader}, skipping events without data and the {@code [DONE]}
     * marker; an event that is not JSON is noted as malformed and the others still count.
     */
    public void readSseJson(CapturedResponse response, java.util.function.Consumer<JsonNode> reader) {
        for (SseEvent event : response.body().sseEvents()) {
            if (!event.hasData() || event.dataEquals("[DONE]")) {
                continue;
            }
            try {
                reader.accept(event.json());
            } catch (MalformedBodyException e) {
                malformed(e.getMessage());
            }
        }
    }

    public void model(String name) {
        if (model == null && name != null) {
            model = name;
        }
    }

    public void serviceTier(String tier) {
        if (tier != null) {
            serviceTier = tier;
        }
    }

    public void usage(Usage counts) {
        if (counts != null) {
            usage = counts;
        }
    }

    public Usage usage() {
        return usage;
    }

    /** An event that could not be read; the others still count. */
    public void malformed(String note) {
        malformed = note;
    }

    /** The provider ended the stream with an error event. */
    public void failed(String note) {
        failure = note;
    }

    /**
     * The stream's facts. Without usage: incomplete if the application stopped reading before the end, else
     * malformed or failed if an event said so, else missing with {@code whyMissing}.
     */
    public ResponseFacts facts(CapturedResponse response, String whyMissing) {
        return factsWithoutTier(response, whyMissing).withServiceTier(serviceTier);
    }

    private ResponseFacts factsWithoutTier(CapturedResponse response, String whyMissing) {
        if (usage != null) {
            return ResponseFacts.reported(model, usage);
        }
        if (!response.ended()) {
            return ResponseFacts.without(model, UsageStatus.INCOMPLETE, "stream closed before its usage arrived");
        }
        if (failure != null) {
            return ResponseFacts.without(model, UsageStatus.MISSING, "stream ended with an error: " + failure);
        }
        if (malformed != null) {
            return ResponseFacts.without(model, UsageStatus.MALFORMED, "stream event: " + malformed);
        }
        return ResponseFacts.without(model, UsageStatus.MISSING, whyMissing);
    }
}
