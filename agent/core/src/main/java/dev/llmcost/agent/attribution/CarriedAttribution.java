package dev.llmcost.agent.attribution;

import dev.llmcost.agent.extension.WeakIdentityMap;
import dev.llmcost.bridge.CallerContexts;

/**
 * The one way llmcost carries attribution across threads ({@link CallerContexts}). What is captured for a carrier
 * — a task, a thread, a queued request — is kept by identity and weakly, as a field on that object would be (the
 * carrier itself is neither wrapped nor kept alive), and put in force in a thread-local while the carrier's work
 * runs. The attribution of code on a thread is its own logging context, key by key, over what is in force — or,
 * when nothing is, over what the thread itself was started with.
 */
public final class CarriedAttribution implements CallerContexts {

    /** In force while a pooled thread runs a task nothing was captured for: what the thread had is masked. */
    private static final Attribution MASKED = new Attribution(null, null, null, Attribution.NO_EXTRAS);
    /** The token of an attach that changed nothing. */
    private static final Object UNCHANGED = new Object();
    /** The token of an attach on a thread that had nothing in force. */
    private static final Object NOTHING_IN_FORCE = new Object();

    /**
     * Threads that run other code's work for their whole life — event loops, timers, the JDK client's selector —
     * carry nothing of the thread that happened to start them (by class, or any superclass, name).
     */
    private static final java.util.Set<String> LOOP_THREADS = java.util.Set.of(
            "java.util.concurrent.ForkJoinWorkerThread", "java.util.TimerThread",
            "jdk.internal.net.http.HttpClientImpl$SelectorManager", "io.netty.util.concurrent.FastThreadLocalThread");

    private final AttributionReader reader;
    private final WeakIdentityMap<Object, Attribution> captured = new WeakIdentityMap<>();
    private final ThreadLocal<Attribution> inForce = new ThreadLocal<>();

    public CarriedAttribution(AttributionReader reader) {
        this.reader = reader;
    }

    /**
     * The attribution of the code running on this thread: its logging context (read through {@code loader}),
     * key by key, over what it carries.
     */
    public Attribution current(ClassLoader loader) {
        Attribution own = reader.snapshot(loader);
        Attribution carried = carried();
        return carried == null ? own : own.over(carried);
    }

    /** What was captured for {@code carrier} (a queued request), or else what is in force on this thread. */
    public Attribution capturedOrCurrent(Object carrier, ClassLoader loader) {
        Attribution kept = carrier == null || captured.isEmpty() ? null : captured.get(carrier);
        return kept != null ? kept : current(loader);
    }

    @Override
    public void capture(Object carrier) {
        try {
            if (carrier == null || carrier instanceof Thread thread && runsOthersWork(thread)) {
                return;
            }
            Attribution now = current(null);
            if (now != Attribution.NONE && !now.isEmpty()) {
                captured.put(carrier, now);
            } else if (!captured.isEmpty()) {
                // A carrier submitted again (a pooled task object, as Netty recycles its write tasks) by a thread
                // with no attribution must not run with what an earlier submitter had.
                captured.remove(carrier);
            }
        } catch (Throwable ignored) {
            // the work runs unattributed, as without the agent
        }
    }

    @Override
    public void captureWith(Object carrier, java.util.function.Function<String, String> values) {
        try {
            if (carrier == null) {
                return;
            }
            Attribution kept = captured.isEmpty() ? null : captured.get(carrier);
            Attribution base = kept != null ? kept : current(null);
            Attribution own = read(values);
            Attribution now = own.isEmpty() ? base : base == Attribution.NONE ? own : own.over(base);
            if (now != Attribution.NONE && !now.isEmpty() && !now.equals(kept)) {
                captured.put(carrier, now);
            }
        } catch (Throwable ignored) {
            // the work runs with what was captured before, or unattributed
        }
    }

    /** The configured keys, looked up in {@code values}. */
    private Attribution read(java.util.function.Function<String, String> values) {
        AttributionKeys keys = reader.keys();
        java.util.List<String> extraKeys = keys.extraKeys();
        String[] extras = new String[extraKeys.size()];
        for (int i = 0; i < extras.length; i++) {
            extras[i] = values.apply(extraKeys.get(i));
        }
        return new Attribution(values.apply(keys.feature()), values.apply(keys.customer()),
                values.apply(keys.team()), extras);
    }

    @Override
    public Object attach(Object carrier) {
        try {
            Attribution kept = captured.isEmpty() ? null : captured.get(carrier);
            return kept == null ? UNCHANGED : swap(kept);
        } catch (Throwable ignored) {
            return UNCHANGED;
        }
    }

    @Override
    public Object attachOnly(Object carrier) {
        try {
            Attribution kept = captured.isEmpty() ? null : captured.get(carrier);
            return swap(kept == null ? MASKED : kept);
        } catch (Throwable ignored) {
            return UNCHANGED;
        }
    }

    @Override
    public void restore(Object token) {
        try {
            if (token == UNCHANGED || token == null) {
                return;
            }
            // set(null) rather than remove(): a pooled thread keeps its entry, and restoring allocates nothing.
            inForce.set(token == NOTHING_IN_FORCE ? null : (Attribution) token);
        } catch (Throwable ignored) {
            // nothing to undo
        }
    }

    private Object swap(Attribution next) {
        Attribution previous = inForce.get();
        inForce.set(next);
        return previous == null ? NOTHING_IN_FORCE : previous;
    }

    /** What this thread carries: what is in force, else what it was started with; {@code null} for nothing. */
    private Attribution carried() {
        Attribution force = inForce.get();
        if (force != null) {
            return force == MASKED ? null : force;
        }
        return captured.isEmpty() ? null : captured.get(Thread.currentThread());
    }

    private static boolean runsOthersWork(Thread thread) {
        for (Class<?> type = thread.getClass(); type != Thread.class && type != null; type = type.getSuperclass()) {
            if (LOOP_THREADS.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }
}
