package dev.llmcost.bridge;

/**
 * What HTTP client instrumentations call for every request. The agent decides, cheaply, whether a request is
 * a call to an LLM API; for anything else it returns {@code null} and the instrumentation steps aside.
 */
public interface HttpCaptures {

    /**
     * Starts capturing one exchange, or returns {@code null} when the request is not an LLM API call (or the
     * agent is not capturing). Attribution is what is in force on the calling thread (see {@link CallerContexts}),
     * unless {@link #rememberCaller} was called for the same {@code callKey} on the thread that submitted it.
     *
     * @param callKey   identifies an asynchronous call across threads; may be {@code null}
     * @param appLoader the class loader whose logging MDC should be read; may be {@code null}
     */
    LlmExchange begin(String method, String host, String path, String query, Object callKey,
                      ClassLoader appLoader);

    /**
     * For asynchronous calls a client queues and sends from a thread of its own choosing (OkHttp's dispatcher may
     * start a queued call from whichever call finishes): {@link CallerContexts#capture} for {@code callKey}, now, on
     * the submitting thread, for the {@link #begin} that will run on another. Does nothing for non-LLM requests.
     */
    void rememberCaller(Object callKey, String method, String host, String path, ClassLoader appLoader);

    /** The capture used before the agent starts, or when it is off: recognises nothing. */
    HttpCaptures NONE = new HttpCaptures() {
        @Override
        public LlmExchange begin(String method, String host, String path, String query, Object callKey,
                                 ClassLoader appLoader) {
            return null;
        }

        @Override
        public void rememberCaller(Object callKey, String method, String host, String path,
                                   ClassLoader appLoader) {
        }
    };
}
