package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one provider API's wire format. Parsers run on the agent's background thread, over bytes already
 * copied from the application's stream; they never throw.
 */
public interface ApiParser {

    /**
     * Facts from the request body's JSON ({@code null} when the body could not be read). Most formats name the
     * model in {@code model} and ask for a stream with {@code stream}; the others override this.
     */
    default RequestFacts parseRequest(JsonNode body) {
        return RequestFacts.read(body);
    }

    /** Model and usage from a successful (2xx) response. */
    ResponseFacts parseResponse(CapturedResponse response, RequestFacts request);

    /**
     * The error type an error (4xx/5xx) response's body names, or {@code null} when the body is not this API's
     * error shape: what confirms that a generic path off a provider's host is an LLM API.
     */
    default String errorType(CapturedResponse response) {
        return Documents.errorType(response);
    }
}
