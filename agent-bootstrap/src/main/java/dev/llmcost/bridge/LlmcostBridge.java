package dev.llmcost.bridge;

/**
 * The one place where instrumented code meets the agent.
 *
 * <p>Advice is inlined into classes of every class loader — JDK classes in the platform loader, HTTP clients
 * in the application's loader, frameworks in nested loaders — and can only name classes visible from there.
 * This class is defined into the bootstrap loader at agent start, so every loader sees it, and it uses only
 * java.base types. Everything else of the agent stays behind it, in the agent's isolated class loader.
 *
 * <p>Until the agent has started (or if it failed to), {@link #helper} returns {@code null} and
 * {@link #http()} returns a capture that recognises nothing and {@link #contexts()} carries nothing, so advice
 * degrades to a no-op.
 */
public final class LlmcostBridge {

    private static volatile HelperFactory helpers;
    private static volatile HttpCaptures http = HttpCaptures.NONE;
    private static volatile CallerContexts contexts = CallerContexts.NONE;

    private LlmcostBridge() {
    }

    /**
     * The helper object named {@code helperClassName}, loaded where it can see the classes of
     * {@code anchor}'s class loader (for example an OkHttp {@code Interceptor} for the loader that loaded
     * {@code OkHttpClient}); one instance per loader. {@code null} while the agent is not running.
     */
    public static Object helper(Class<?> anchor, String helperClassName) {
        HelperFactory factory = helpers;
        return factory == null ? null : factory.helperFor(anchor, helperClassName);
    }

    /** The HTTP capture entry point; never null. */
    public static HttpCaptures http() {
        return http;
    }

    /** Attribution carried across threads; never null. */
    public static CallerContexts contexts() {
        return contexts;
    }

    /** Called once by the agent when it has started; later calls are ignored. */
    public static synchronized void install(HelperFactory helperFactory, HttpCaptures httpCaptures,
                                            CallerContexts callerContexts) {
        if (helpers == null && helperFactory != null && httpCaptures != null && callerContexts != null) {
            http = httpCaptures;
            contexts = callerContexts;
            helpers = helperFactory;
        }
    }
}
