package dev.llmcost.agent.endpoint;

import dev.llmcost.agent.provider.ApiFormat;

/**
 * Decides whether an HTTP request is a call to an LLM API, from its method, host and path only. It runs for
 * every request of every instrumented client, so anything that is not an LLM call is turned away after a
 * string comparison or two, with no allocation.
 */
public final class EndpointClassifier {

    private static final String CHAT_COMPLETIONS = "/chat/completions";

    /** The endpoint, or {@code null} when this is not an LLM API call. */
    public Endpoint classify(String method, String host, String path) {
        if (!"POST".equals(method) || path == null) {
            return null;
        }
        if (endsWithSegment(path, CHAT_COMPLETIONS)) {
            return new Endpoint(ProviderHosts.providerFor(host), "chat", ApiFormat.OPENAI_CHAT_COMPLETIONS);
        }
        return null;
    }

    /** {@code path} ends with {@code suffix}, allowing one trailing slash. */
    private static boolean endsWithSegment(String path, String suffix) {
        int end = path.length();
        if (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return end >= suffix.length() && path.startsWith(suffix, end - suffix.length());
    }
}
