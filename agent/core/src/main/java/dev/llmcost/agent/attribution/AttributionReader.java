package dev.llmcost.agent.attribution;

import dev.llmcost.agent.extension.WeakIdentityMap;

import java.util.List;

/**
 * Snapshots the configured attribution keys from the attribution sources of the current thread (the llmcost-api,
 * the logging contexts, OpenTelemetry Baggage: see {@link LoggingContext}).
 *
 * <p>The context is looked up through the class loader of the instrumented library when it is an application
 * loader, else through the thread's context class loader (JDK classes such as {@code java.net.http} live in
 * the platform loader, which cannot see the application's logging), else the system loader. What each loader
 * offers is resolved once and cached without holding the loader.
 */
public final class AttributionReader {

    private final AttributionKeys keys;
    private final WeakIdentityMap<ClassLoader, LoggingContext> contexts = new WeakIdentityMap<>();
    private volatile Cached last = new Cached(null, LoggingContext.NONE);
    /**
     * This thread's last snapshot: a logging context hands out the same strings until it is changed, so a thread
     * that submits task after task under one MDC gets one {@link Attribution}, not one per task.
     */
    private final ThreadLocal<Attribution> lastSnapshot = new ThreadLocal<>();
    /** This thread's one active source as it was last read, where that source can tell it has not changed since. */
    private final ThreadLocal<Unchanged> lastState = new ThreadLocal<>();

    public AttributionReader(AttributionKeys keys) {
        this.keys = keys;
    }

    public AttributionKeys keys() {
        return keys;
    }

    public Attribution snapshot(ClassLoader libraryLoader) {
        LoggingContext context = contextFor(applicationLoader(libraryLoader));
        if (context == LoggingContext.NONE) {
            return Attribution.NONE;
        }
        // One look per source that can tell it holds nothing (this runs for every task an application submits).
        int active = context.active();
        if (active == 0) {
            return Attribution.NONE;
        }
        Object state = context.unchangedState(active);
        if (state != null) {
            Unchanged unchanged = lastState.get();
            if (unchanged != null && unchanged.state() == state) {
                return unchanged.attribution();
            }
        }
        Attribution attribution = read(context, active);
        if (state != null) {
            lastState.set(new Unchanged(state, attribution));
        }
        return attribution;
    }

    private Attribution read(LoggingContext context, int active) {
        String feature = context.get(keys.feature(), active);
        String customer = context.get(keys.customer(), active);
        String team = context.get(keys.team(), active);
        List<String> extraKeys = keys.extraKeys();
        String[] extras = Attribution.NO_EXTRAS;
        for (int i = 0; i < extraKeys.size(); i++) {
            String value = context.get(extraKeys.get(i), active);
            if (value != null) {
                if (extras == Attribution.NO_EXTRAS) {
                    extras = new String[extraKeys.size()];
                }
                extras[i] = value;
            }
        }
        // Nothing set: nothing allocated (this runs for every task an application submits).
        if (feature == null && customer == null && team == null && extras == Attribution.NO_EXTRAS) {
            return Attribution.NONE;
        }
        Attribution previous = lastSnapshot.get();
        if (previous != null && previous.feature() == feature && previous.customer() == customer
                && previous.team() == team && sameInstances(previous.extras(), extras)) {
            return previous;
        }
        Attribution snapshot = new Attribution(feature, customer, team, extras);
        lastSnapshot.set(snapshot);
        return snapshot;
    }

    private static boolean sameInstances(String[] a, String[] b) {
        if (a == b) {
            return true;
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static ClassLoader applicationLoader(ClassLoader libraryLoader) {
        if (libraryLoader != null && libraryLoader != ClassLoader.getPlatformClassLoader()) {
            return libraryLoader;
        }
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        return contextLoader != null ? contextLoader : ClassLoader.getSystemClassLoader();
    }

    private LoggingContext contextFor(ClassLoader loader) {
        Cached cached = last;
        if (cached.loader() == loader) {
            return cached.context();
        }
        LoggingContext context = contexts.computeIfAbsent(loader, LoggingContext::find);
        last = new Cached(loader, context);
        return context;
    }

    private record Unchanged(Object state, Attribution attribution) {
    }

    /** The most recent lookup, so the usual single application loader costs no map lookup. */
    private record Cached(ClassLoader loader, LoggingContext context) {
    }
}
