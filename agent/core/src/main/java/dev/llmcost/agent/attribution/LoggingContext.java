package dev.llmcost.agent.attribution;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.util.ClassInitialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * The attribution stores one application class loader can see, in the order they win, key by key: the
 * {@code llmcost-api} ({@code dev.llmcost.api.LlmCost}), SLF4J {@code MDC}, Log4j2 {@code ThreadContext},
 * OpenTelemetry {@code Baggage}. They are called through method handles so that the application needs no
 * dependency on llmcost and llmcost none on the application's libraries (the agent jar holds none of them).
 *
 * <p>A store is read only once the application has initialised it itself: initialising SLF4J or Log4j2 from
 * the agent could configure the application's logging before the application does, or print warnings into
 * its output. An uninitialised store holds nothing worth reading anyway.
 *
 * <p>A snapshot first asks the stores that can say so cheaply whether they hold anything on this thread
 * ({@link #active()}), so that a thread with no attribution — every task of an application that sets none —
 * pays one look per such store, not one per key. Logback's MDC and Log4j2's ThreadContext say so too; Logback's
 * read-only copy of a thread's MDC map also tells a snapshot that nothing changed since the last one
 * ({@link #unchangedState}), so a thread that submits task after task under one MDC reads it once.
 */
final class LoggingContext {

    static final LoggingContext NONE = new LoggingContext(new Store[0]);
    /** A store's state: it certainly holds nothing on this thread. */
    static final Object EMPTY = new Object();

    /** The stores present, most authoritative first (at most 31). */
    private final Store[] stores;
    private final int all;

    private LoggingContext(Store[] stores) {
        this.stores = stores;
        this.all = (1 << stores.length) - 1;
    }

    static LoggingContext find(ClassLoader loader) {
        Store[] stores = java.util.stream.Stream.of(
                        Store.api(loader),
                        Store.find(loader, "org.slf4j.MDC", "get"),
                        Store.find(loader, "org.apache.logging.log4j.ThreadContext", "get"),
                        Store.baggage(loader))
                .filter(java.util.Objects::nonNull).toArray(Store[]::new);
        return stores.length == 0 ? NONE : new LoggingContext(stores);
    }

    /** The stores that may hold something on this thread now, as a bit mask for {@link #get(String, int)}. */
    int active() {
        int active = all;
        for (int i = 0; i < stores.length; i++) {
            if (stores[i].isEmpty()) {
                active &= ~(1 << i);
            }
        }
        return active;
    }

    /**
     * When exactly one store is {@code active} and it can tell: an object that stays the same (by identity) until
     * that store changes on this thread — Logback's read-only copy of the thread's MDC map; else {@code null}.
     */
    Object unchangedState(int active) {
        if (Integer.bitCount(active) != 1) {
            return null;
        }
        Object state = stores[Integer.numberOfTrailingZeros(active)].state();
        return state == EMPTY ? null : state;
    }

    /** The value of {@code key} from the first of the {@code active} stores that has it. */
    String get(String key, int active) {
        for (int i = 0; i < stores.length; i++) {
            if ((active & (1 << i)) != 0) {
                String value = stores[i].get(key);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
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
                        MethodType.methodType(Object.class, Map.class));
            } catch (ReflectiveOperationException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }

        private final Class<?> type;
        private final MethodHandle get;
        /** {@code ()boolean}: nothing is set on this thread; {@code null} where the store cannot say cheaply. */
        private final MethodHandle empty;
        private volatile boolean initialised;
        private volatile boolean broken;
        /** {@code () -> Object} for a logging context ({@link #state()}), resolved once it is initialised. */
        private volatile MethodHandle state;

        private Store(Class<?> type, MethodHandle get, MethodHandle empty) {
            this.type = type;
            this.get = get;
            this.empty = empty;
        }

        /**
         * {@code LlmCost.current(key)}. Read even before the application used it: initialising that class only
         * creates its empty thread-local, and so no call pays for asking whether it was initialised.
         */
        static Store api(ClassLoader loader) {
            String className = "dev.llmcost.api.LlmCost";
            try {
                Class<?> type = Class.forName(className, false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle current = lookup.findStatic(type, "current",
                        MethodType.methodType(String.class, String.class));
                MethodHandle empty = MethodHandles.filterReturnValue(
                        lookup.findStatic(type, "currentAll", MethodType.methodType(Map.class)),
                        lookup.findVirtual(Map.class, "isEmpty", MethodType.methodType(boolean.class)));
                Store store = new Store(type, current, empty);
                store.initialised = true;
                return store;
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                AgentLog.debug("cannot read " + className + " through " + loader, unusable);
                return null;
            }
        }

        static Store find(ClassLoader loader, String className, String method) {
            try {
                Class<?> type = Class.forName(className, false, loader);
                MethodHandle get = MethodHandles.publicLookup().findStatic(type, method,
                        MethodType.methodType(String.class, String.class));
                return new Store(type, get, null);
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                AgentLog.debug("cannot read " + className + " through " + loader, unusable);
                return null;
            }
        }

        /**
         * OpenTelemetry's {@code Baggage.current().getEntryValue(key)}, when the application has the
         * OpenTelemetry API ({@code io.opentelemetry:opentelemetry-api}).
         */
        static Store baggage(ClassLoader loader) {
            String className = "io.opentelemetry.api.baggage.Baggage";
            try {
                Class<?> type = Class.forName(className, false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle current = lookup.findStatic(type, "current", MethodType.methodType(type));
                MethodHandle entry = lookup.findVirtual(type, "getEntryValue",
                        MethodType.methodType(String.class, String.class));
                MethodHandle empty = MethodHandles.filterReturnValue(current,
                        lookup.findVirtual(type, "isEmpty", MethodType.methodType(boolean.class)));
                return new Store(type, MethodHandles.collectArguments(entry, 0, current), empty);
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                AgentLog.debug("cannot read " + className + " through " + loader, unusable);
                return null;
            }
        }

        /** Whether the store certainly holds nothing on this thread (not initialised, broken, or empty). */
        boolean isEmpty() {
            if (!readable()) {
                return true;
            }
            if (empty == null) {
                return state() == EMPTY;
            }
            try {
                return (boolean) empty.invokeExact();
            } catch (Throwable failure) {
                return failed(failure);
            }
        }

        /**
         * {@link #EMPTY}; or, for Logback's MDC, its read-only copy of the thread's map (the same object until the
         * MDC changes); or {@code null}: cannot tell. Only the logging contexts are probed; the other stores say
         * whether they are empty through {@code empty}.
         */
        Object state() {
            if (!readable()) {
                return EMPTY;
            }
            if (empty != null) {
                return null;
            }
            MethodHandle probe = state;
            if (probe == null) {
                probe = stateProbe();
                state = probe;
            }
            try {
                Object now = probe.invokeExact();
                return now instanceof Map<?, ?> map && map.isEmpty() ? EMPTY : now;
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
                if (!type.getName().equals("org.slf4j.MDC")) {
                    return CANNOT_TELL;
                }
                Object adapter = MethodHandles.publicLookup().findStatic(type, "getMDCAdapter",
                        MethodType.methodType(Class.forName("org.slf4j.spi.MDCAdapter", false,
                                type.getClassLoader()))).invoke();
                // SLF4J sets its adapter once, as it binds its provider; the store is read only after that.
                if (adapter == null
                        || !adapter.getClass().getName().equals("ch.qos.logback.classic.util.LogbackMDCAdapter")) {
                    return CANNOT_TELL;
                }
                MethodHandle map = MethodHandles.publicLookup().findVirtual(adapter.getClass(), "getPropertyMap",
                        MethodType.methodType(Map.class)).bindTo(adapter);
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
        private static Object nullAsEmpty(Map<?, ?> map) {
            return map == null ? EMPTY : map;
        }

        String get(String key) {
            if (!readable()) {
                return null;
            }
            try {
                return (String) get.invokeExact(key);
            } catch (Throwable failure) {
                failed(failure);
                return null;
            }
        }

        private boolean readable() {
            if (broken) {
                return false;
            }
            if (!initialised) {
                if (!ClassInitialization.isInitialized(type)) {
                    return false;
                }
                initialised = true;
            }
            return true;
        }

        /** Always {@code true} (nothing to read). */
        private boolean failed(Throwable failure) {
            if (failure instanceof LinkageError) {
                // A class missing from the application's class path (OpenTelemetry's API without its common
                // jar, say) is missing every time: the store is not asked again, so no snapshot pays for it.
                broken = true;
                AgentLog.debug("reading " + type.getName() + " failed; not read again", failure);
            } else {
                AgentLog.debug("reading " + type.getName() + " failed", failure);
            }
            return true;
        }
    }
}
