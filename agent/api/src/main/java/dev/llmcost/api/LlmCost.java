package dev.llmcost.api;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Attribution for the LLM calls a block of code makes, for applications that don't keep it in a logging context
 * (SLF4J MDC, Log4j2 ThreadContext):
 *
 * <pre>{@code
 * try (var scope = LlmCost.attribute("feature", "search").and("customer", customerId)) {
 *     client.chat(...);   // recorded with feature=search, customer=<customerId>
 * }
 * }</pre>
 *
 * <p>The keys are the ones the agent is configured with ({@code feature}, {@code customer}, {@code team} and
 * {@code llmcost.attributes.extra}, by default). A scope is in force on the thread that opened it until it is closed;
 * closing it restores what was in force before, so scopes nest. With the llmcost agent attached, work the code
 * submits to executors, {@code CompletableFuture}s and new threads carries the values in force when it was
 * submitted. They win over the MDC, the ThreadContext and OpenTelemetry Baggage, key by key.
 *
 * <p>Without the agent this is a thread-local map and nothing reads it. Values are held as given, never sent
 * anywhere by this class.
 */
public final class LlmCost {

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private LlmCost() {
    }

    /**
     * Puts {@code key = value} in force on this thread until the returned scope is closed. A {@code null} value
     * unsets the key inside the scope.
     */
    public static Scope attribute(String key, String value) {
        Map<String, String> previous = CURRENT.get();
        Scope scope = new Scope(previous);
        CURRENT.set(with(previous, key, value));
        return scope;
    }

    /** The value of {@code key} in force on this thread, or {@code null}. */
    public static String current(String key) {
        Map<String, String> values = CURRENT.get();
        return values == null ? null : values.get(key);
    }

    /** Every key in force on this thread (an unmodifiable snapshot; empty when none is). */
    public static Map<String, String> currentAll() {
        Map<String, String> values = CURRENT.get();
        return values == null ? Map.of() : values;
    }

    private static Map<String, String> with(Map<String, String> values, String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null && (values == null || !values.containsKey(key))) {
            return values;
        }
        Map<String, String> next = values == null ? new HashMap<>(4) : new HashMap<>(values);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return next.isEmpty() ? null : Collections.unmodifiableMap(next);
    }

    /** What {@link #attribute} put in force; {@link #close()} restores what was in force before it. */
    public static final class Scope implements AutoCloseable {

        private final Map<String, String> previous;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        /**
         * Adds {@code key = value} to this scope (a {@code null} value unsets the key), on the thread that opened
         * it, while it is open.
         *
         * @throws IllegalStateException when the scope is closed, or used on another thread
         */
        public Scope and(String key, String value) {
            if (closed || owner != Thread.currentThread()) {
                throw new IllegalStateException(closed ? "the scope is closed"
                        : "a scope is used only on the thread that opened it");
            }
            CURRENT.set(with(CURRENT.get(), key, value));
            return this;
        }

        /** Restores what was in force before this scope; closing twice, or on another thread, does nothing. */
        @Override
        public void close() {
            if (closed || owner != Thread.currentThread()) {
                return;
            }
            closed = true;
            CURRENT.set(previous);
        }
    }
}
