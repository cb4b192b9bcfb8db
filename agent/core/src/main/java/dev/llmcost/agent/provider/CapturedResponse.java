package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.format.CapturedBody;

import java.util.Locale;
import java.util.Map;

/**
 * A response as the agent captured it. {@code ended} is false when the application closed the body early or
 * reading it failed, so the body may stop short of where the usage would have been. {@code headers} holds only
 * the usage headers the format asked for ({@link ApiFormat#responseHeaders()}), by lower-case name;
 * {@code provider} is who served it ({@code gen_ai.provider.name}), for the few formats whose copies differ.
 */
public record CapturedResponse(int status, String contentType, CapturedBody body, boolean ended,
                               Map<String, String> headers, String provider) {

    public CapturedResponse(int status, String contentType, CapturedBody body, boolean ended) {
        this(status, contentType, body, ended, Map.of(), null);
    }

    public CapturedResponse(int status, String contentType, CapturedBody body, boolean ended,
                            Map<String, String> headers) {
        this(status, contentType, body, ended, headers, null);
    }

    public CapturedResponse {
        headers = headers == null ? Map.of() : headers;
    }

    public boolean isEventStream() {
        return hasContentType("text/event-stream");
    }

    /** AWS's binary event stream (Bedrock's streaming APIs). */
    public boolean isAwsEventStream() {
        return hasContentType("application/vnd.amazon.eventstream");
    }

    /** Newline-delimited JSON (Ollama's streams). */
    public boolean isJsonLines() {
        return hasContentType("application/x-ndjson") || hasContentType("application/jsonl");
    }

    /** True for any streamed body: the ledger's {@code streaming}. */
    public boolean isStream() {
        return isEventStream() || isAwsEventStream() || isJsonLines();
    }

    private boolean hasContentType(String type) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(type);
    }
}
