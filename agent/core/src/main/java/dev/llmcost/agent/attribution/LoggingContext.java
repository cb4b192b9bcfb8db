package dev.llmcost.agent.attribution;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.util.ClassInitialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The logging context stores (SLF4J {@code MDC}, Log4j2 {@code ThreadContext}) that one application class
 * loader can see, called through method handles so that the application needs no dependency on llmcost and
 * llmcost none on the application's logging libraries.
 *
 * <p>A store is read only once the application has initialised it itself: initialising SLF4J or Log4j2 from
 * the agent could configure the application's logging before the application does, or print warnings into
 * its output. An uninitialised store holds nothing worth reading anyway.
 */
final class LoggingContext {

    static final LoggingContext NONE = new LoggingContext(null, null);

    private final Store mdc;
    private final Store threadContext;

    private LoggingContext(Store mdc, Store threadContext) {
        this.mdc = mdc;
        this.threadContext = threadContext;
    }

    static LoggingContext find(ClassLoader loader) {
        Store mdc = Store.find(loader, "org.slf4j.MDC", "get");
        Store threadContext = Store.find(loader, "org.apache.logging.log4j.ThreadContext", "get");
        return mdc == null && threadContext == null ? NONE : new LoggingContext(mdc, threadContext);
    }

    /** {@link #state()}: the current thread's context certainly holds nothing. */
    static final Object EMPTY = new Object();

    /**
     * One call, for the common thread that has no attribution, instead of one per key (this runs for every task an
     * application submits): {@link #EMPTY}; else, where the store can tell, an object that stays the same (by
     * identity) until the thread's context changes — Logback's read-only copy of the thread's MDC map; else
     * {@code null}, and the keys are to be read one by one.
     */
    Object state() {
        Object mdcState = mdc == null ? EMPTY : mdc.state();
        if (threadContext == null) {
            return mdcState;
        }
        Object threadContextState = threadContext.state();
        if (mdcState == EMPTY) {
            return threadContextState;
        }
        return threadContextState == EMPTY ? mdcState : null;
    }

    /** The value of {@code key} on the current thread, from the MDC first, then the ThreadContext. */
    String get(String key) {
        String value = mdc == null ? null : mdc.get(key);
        return value != null || threadContext == null ? value : threadContext.get(key);
    }

    private static final class Store {
        /** A store that cannot tell its state. */
        private static final MethodHandle CANNOT_TELL = MethodHandles.constant(Object.class, null);
        private static final MethodHandle EMPTY_OR_UNKNOWN;
        private static final MethodHandle NULL_AS_EMPTY;

        static {
            try {
                EMPTY_OR_UNKNOWN = MethodHandles.lookup().findStatic(Store.class, "emptyOrUnknown",
                        MethodType.methodType(Object.class, boolean.class));
                NULL_AS_EMPTY = MethodHandles.lookup().findStatic(Store.class, "nullAsEmpty",
                        MethodType.methodType(Object.class, java.util.Map.class));
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }

        private final Class<?> type;
        private final MethodHandle get;
        private volatile boolean initialised;
        /** {@code () -> Object}, see {@link #state()}; resolved once the store is initialised. */
        private volatile MethodHandle state;

        private Store(Class<?> type, MethodHandle get) {
            this.type = type;
            this.get = get;
        }

        static Store find(ClassLoader loader, String className, String method) {
            try {
                Class<?> type = Class.forName(className, false, loader);
                MethodHandle get = MethodHandles.publicLookup().findStatic(type, method,
                        MethodType.methodType(String.class, String.class));
                return new Store(type, get);
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                AgentLog.debug("cannot read " + className + " through " + loader, unusable);
                return null;
            }
        }

        /** See {@link LoggingContext#state()}; an uninitialised store holds nothing. */
        Object state() {
            if (!initialised()) {
                return EMPTY;
            }
            MethodHandle probe = state;
            if (probe == null) {
                probe = stateProbe();
                state = probe;
            }
            try {
                Object now = probe.invokeExact();
                return now instanceof java.util.Map<?, ?> map && map.isEmpty() ? EMPTY : now;
            } catch (Throwable failure) {
                state = CANNOT_TELL;
                return null;
            }
        }

        /**
         * {@code () -> Object}: Log4j2's {@code ThreadContext.isEmpty()} as {@link #EMPTY} or {@code null}; for
         * SLF4J, Logback's {@code LogbackMDCAdapter.getPropertyMap()} (a read-only copy Logback keeps until the
         * thread's MDC changes, {@code null} for none). Other SLF4J bindings cannot tell ({@code null}).
         */
        private MethodHandle stateProbe() {
            try {
                if (type.getName().equals("org.apache.logging.log4j.ThreadContext")) {
                    MethodHandle isEmpty = MethodHandles.publicLookup().findStatic(type, "isEmpty",
                            MethodType.methodType(boolean.class));
                    return MethodHandles.filterReturnValue(isEmpty, EMPTY_OR_UNKNOWN);
                }
                Object adapter = MethodHandles.publicLookup().findStatic(type, "getMDCAdapter",
                        MethodType.methodType(Class.forName("org.slf4j.spi.MDCAdapter", false, type.getClassLoader())))
                        .invoke();
                // SLF4J sets its adapter once, as it binds its provider; the store is read only after that.
                if (adapter == null
                        || !adapter.getClass().getName().equals("ch.qos.logback.classic.util.LogbackMDCAdapter")) {
                    return CANNOT_TELL;
                }
                MethodHandle map = MethodHandles.publicLookup().findVirtual(adapter.getClass(), "getPropertyMap",
                        MethodType.methodType(java.util.Map.class)).bindTo(adapter);
                return MethodHandles.filterReturnValue(map, NULL_AS_EMPTY);
            } catch (Throwable unusable) {
                AgentLog.debug("cannot tell whether " + type.getName() + " changed", unusable);
                return CANNOT_TELL;
            }
        }

        @SuppressWarnings("unused") // through EMPTY_OR_UNKNOWN
        private static Object emptyOrUnknown(boolean empty) {
            return empty ? EMPTY : null;
        }

        @SuppressWarnings("unused") // through NULL_AS_EMPTY
        private static Object nullAsEmpty(java.util.Map<?, ?> map) {
            return map == null ? EMPTY : map;
        }

        private boolean initialised() {
            if (!initialised) {
                if (!ClassInitialization.isInitialized(type)) {
                    return false;
                }
                initialised = true;
            }
            return true;
        }

        String get(String key) {
            if (!initialised()) {
                return null;
            }
            try {
                return (String) get.invokeExact(key);
            } catch (Throwable failure) {
                AgentLog.debug("reading the logging context failed", failure);
                return null;
            }
        }
    }
}
