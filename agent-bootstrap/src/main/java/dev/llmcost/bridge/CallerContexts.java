package dev.llmcost.bridge;

/**
 * Attribution carried from the thread that submits work to the thread that does it — one mechanism for every
 * hop: executors, fork/join tasks, new threads, timers, and the SDKs and clients that hand a call to their own
 * threads. The caller's attribution is captured <em>by value</em> for a carrier (the task, thread or request
 * object, untouched and unwrapped, so the application's identity checks behave as without the agent) and put in
 * force, for llmcost only, while that carrier's work runs. The application's own logging context is never
 * written; where it sets a key itself, its value wins. Nothing is captured, and nothing allocated, when the
 * submitting thread has no attribution.
 *
 * <p>Every method returns at once and never throws.
 */
public interface CallerContexts {

    /**
     * Keeps, for {@code carrier}, the attribution in force on this thread — its logging context over what it
     * carries itself — if there is any. A {@link Thread} about to start carries it for its whole run, unless it is
     * a pool's or an event loop's thread (those carry each task's attribution instead).
     */
    void capture(Object carrier);

    /**
     * As {@link #capture}, with attribution the application keeps with the work itself rather than on a thread —
     * Reactor's {@code Context}: {@code values} looks up a configured key ({@code feature}, ...) and its values win,
     * key by key, over what was already captured for {@code carrier}, else over what is in force on this thread.
     * Called again for the same carrier (a retried subscription), it changes nothing it need not.
     */
    void captureWith(Object carrier, java.util.function.Function<String, String> values);

    /**
     * Puts what was captured for {@code carrier} in force on this thread until {@link #restore}; when nothing was,
     * what was in force stays (a task run inline by the thread that submitted it keeps that thread's attribution).
     * Returns what to pass to {@code restore}.
     */
    Object attach(Object carrier);

    /**
     * As {@link #attach}, for a pooled thread taking its next task: when nothing was captured for {@code carrier},
     * nothing is in force — one task's attribution never leaks into the next.
     */
    Object attachOnly(Object carrier);

    /** Ends an {@link #attach} or {@link #attachOnly}: what was in force before is in force again. */
    void restore(Object token);

    /** Before the agent starts, or when it is off: carries nothing. */
    CallerContexts NONE = new CallerContexts() {
        @Override
        public void capture(Object carrier) {
        }

        @Override
        public void captureWith(Object carrier, java.util.function.Function<String, String> values) {
        }

        @Override
        public Object attach(Object carrier) {
            return null;
        }

        @Override
        public Object attachOnly(Object carrier) {
            return null;
        }

        @Override
        public void restore(Object token) {
        }
    };
}
