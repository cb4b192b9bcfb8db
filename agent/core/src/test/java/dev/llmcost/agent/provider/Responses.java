package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.format.CapturedBody;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Parses a response body the way the agent's writer does, for tests of one format. */
final class Responses {

    static final String JSON = "application/json";
    static final String SSE = "text/event-stream";
    static final String NDJSON = "application/x-ndjson";
    static final String AWS_EVENT_STREAM = "application/vnd.amazon.eventstream";

    private Responses() {
    }

    static ResponseFacts parse(ApiFormat format, String contentType, String body) {
        return parse(format, contentType, body.getBytes(StandardCharsets.UTF_8), true, Map.of());
    }

    static ResponseFacts parse(ApiFormat format, String contentType, byte[] body, boolean ended,
                               Map<String, String> headers) {
        return parse(format, contentType, CapturedBody.whole(body, body.length), ended, headers);
    }

    static ResponseFacts parse(ApiFormat format, String contentType, CapturedBody body, boolean ended,
                               Map<String, String> headers) {
        return format.parser().parseResponse(new CapturedResponse(200, contentType, body, ended, headers),
                RequestFacts.UNKNOWN);
    }

    /** The recorded fixture's body. */
    static byte[] fixture(String file) {
        return FixtureIndex.all().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow().body();
    }

    static String fixtureText(String file) {
        return new String(fixture(file), StandardCharsets.UTF_8);
    }
}
