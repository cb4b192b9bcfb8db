package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.format.CapturedBody;

import java.util.Locale;

/**
 * A response as the agent captured it. {@code ended} is false when the application closed the body early or
 * reading it failed, so the body may stop short of where the usage would have been.
 */
public record CapturedResponse(int status, String contentType, CapturedBody body, boolean ended) {

    public boolean isEventStream() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }
}
