package dev.llmcost.agent.attribution;

import dev.llmcost.agent.extension.WeakIdentityMap;
import dev.llmcost.bridge.CallerContexts;
import dev.llmcost.bridge.ContextCarrier;

/**
 * The one way llmcost carries attribution across threads ({@link CallerContexts}). What is captured for a carrier
 * — a task, a thread, a queued request — is kept in the field the agent gave its class ({@link ContextCarrier}),
 * or else by identity and weakly, as such a field would keep it (the carrier itself is neither wrapped nor kept
 * alive), and put in force in a thread-local while the carrier's work
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
    /**
     * Tasks and queued requests: {@link Attribution}, or {@link Repeated} for a carrier captured again before it
     * ran. A one-shot task's entry goes when it runs, so the map holds about the tasks in flight and a task leaves
     * no weak reference for the garbage collector to process.
     */
    private final WeakIdentityMap<Object, Object> captured = new WeakIdentityMap<>();
    /** Threads, for their whole run: few, and each looked up once by the thread itself ({@link #startedWith}). */
    private final WeakIdentityMap<Thread, Attribution> capturedThreads = new WeakIdentityMap<>();
    private final ThreadLocal<Attribution> inForce = new ThreadLocal<>();
    /** What this thread was started with ({@link #MASKED} for nothing), resolved on its first look. */
    private final ThreadLocal<Attribution> startedWith = new ThreadLocal<>();

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
        Attribution kept = carrier == null ? null : unwrap(keptFor(carrier));
        return kept != null ? kept : current(loader);
    }

    @Override
    public void capture(Object carrier) {
        try {
            if (carrier == null) {
                return;
            }
            if (carrier instanceof Thread thread) {
                if (!runsOthersWork(thread)) {
                    Attribution now = current(null);
                    if (now != Attribution.NONE && !now.isEmpty()) {
                        capturedThreads.put(thread, now);
                    }
                }
                return;
            }
            Attribution now = current(null);
            if (now != Attribution.NONE && !now.isEmpty()) {
                Object before = keep(carrier, now);
                if (before != null) {
                    // Submitted again before it ran: kept until collected, every run of it attributed.
                    keep(carrier, new Repeated(now));
                }
            } else {
                // A carrier submitted again (a pooled task object, as Netty recycles its write tasks) by a thread
                // with no attribution must not run with what an earlier submitter had.
                forget(carrier);
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
            Attribution kept = unwrap(keptFor(carrier));
            Attribution base = kept != null ? kept : current(null);
            Attribution own = read(values);
            Attribution now = own.isEmpty() ? base : base == Attribution.NONE ? own : own.over(base);
            if (now != Attribution.NONE && !now.isEmpty() && !now.equals(kept)) {
                keep(carrier, now);
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
            Attribution kept = carrier == null ? null : take(carrier);
            return kept == null ? UNCHANGED : swap(kept);
        } catch (Throwable ignored) {
            return UNCHANGED;
        }
    }

    @Override
    public Object attachOnly(Object carrier) {
        try {
            Attribution kept = carrier == null ? null : take(carrier);
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

    /**
     * What was captured for a carrier about to run. A task that runs once is done with it: a pool's worker, a
     * fork/join task (forked again, it is captured again), a task taken from a pool's queue. A periodic task, a
     * {@code TimerTask} (which may be periodic) and a task submitted again before it ran keep theirs.
     */
    private Attribution take(Object carrier) {
        if (!(carrier instanceof ContextCarrier) && captured.isEmpty()) {
            // the pooled worker's path for every task while nothing carries attribution: nothing more to look at
            return null;
        }
        if (carrier instanceof java.util.TimerTask
                || carrier instanceof java.util.concurrent.RunnableScheduledFuture<?> scheduled
                && scheduled.isPeriodic()) {
            return unwrap(keptFor(carrier));
        }
        Object kept = forget(carrier);
        if (kept instanceof Repeated repeated) {
            keep(carrier, repeated);
            return repeated.attribution();
        }
        return (Attribution) kept;
    }

    /** What is kept for {@code carrier}: {@link Attribution}, {@link Repeated} or {@code null}. */
    private Object keptFor(Object carrier) {
        if (carrier instanceof ContextCarrier field) {
            return field.llmcost$context();
        }
        return captured.isEmpty() ? null : captured.get(carrier);
    }

    /** Keeps {@code value} for {@code carrier}; returns what was kept before. */
    private Object keep(Object carrier, Object value) {
        if (carrier instanceof ContextCarrier field) {
            Object before = field.llmcost$context();
            field.llmcost$context(value);
            return before;
        }
        return captured.put(carrier, value);
    }

    /** Drops what is kept for {@code carrier}; returns it. */
    private Object forget(Object carrier) {
        if (carrier instanceof ContextCarrier field) {
            Object before = field.llmcost$context();
            if (before != null) {
                field.llmcost$context(null);
            }
            return before;
        }
        return captured.isEmpty() ? null : captured.remove(carrier);
    }

    private static Attribution unwrap(Object kept) {
        return kept instanceof Repeated repeated ? repeated.attribution() : (Attribution) kept;
    }

    private Object swap(Attribution next) {
        Attribution previous = inForce.get();
        if (previous != next) {
            // A pooled worker masks between tasks and again for a next task that carries nothing: one write.
            inForce.set(next);
        }
        return previous == null ? NOTHING_IN_FORCE : previous;
    }

    /** What this thread carries: what is in force, else what it was started with; {@code null} for nothing. */
    private Attribution carried() {
        Attribution force = inForce.get();
        if (force != null) {
            return force == MASKED ? null : force;
        }
        Attribution started = startedWith.get();
        if (started == null) {
            // A thread is captured before it starts, so what it finds on its first look is what it keeps.
            Attribution kept = capturedThreads.isEmpty() ? null : capturedThreads.get(Thread.currentThread());
            started = kept == null ? MASKED : kept;
            startedWith.set(started);
        }
        return started == MASKED ? null : started;
    }

    /** A carrier captured again before it ran: not taken when it runs. */
    private record Repeated(Attribution attribution) {
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
