package dev.llmcost.bridge;

/**
 * What HTTP client instrumentations call for every request. The agent decides, cheaply, whether a request is
 * a call to an LLM API; for anything else it returns {@code null} and the instrumentation steps aside.
 */
public interface HttpCaptures {

    /**
     * Starts capturing one exchange, or returns {@code null} when the request is not an LLM API call (or the
     * agent is not capturing). Attribution (MDC keys) is read on the calling thread, unless
     * {@link #rememberCaller} was called for the same {@code callKey} on the thread that submitted it.
     *
     * @param callKey   identifies an asynchronous call across threads; may be {@code null}
     * @param appLoader the class loader whose logging MDC should be read; may be {@code null}
     */
    LlmExchange begin(String method, String host, String path, String query, Object callKey,
                      ClassLoader appLoader);

    /**
     * For asynchronous calls: reads attribution now, on the submitting thread, and keeps it (weakly, keyed by
     * identity) for the {@link #begin} that will run on another thread. Does nothing for non-LLM requests.
     */
    void rememberCaller(Object callKey, String method, String host, String path, ClassLoader appLoader);

    /**
     * For SDKs that hand an LLM call to another thread before its HTTP request exists (the async clients of
     * openai-java and anthropic-java): reads attribution now, on the calling thread, and keeps it (weakly) for
     * {@code key}, an object the SDK passes along to the thread that will make the request.
     */
    default void rememberCallerFor(Object key, ClassLoader appLoader) {
    }

    /**
     * On the thread that makes the request: the attribution remembered for {@code key} becomes this thread's
     * until {@link #restoreCaller}. Returns what to pass to {@code restoreCaller}.
     */
    default Object adoptCaller(Object key) {
        return null;
    }

    /** Ends an {@link #adoptCaller}; {@code token} is what it returned. */
    default void restoreCaller(Object token) {
    }

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
