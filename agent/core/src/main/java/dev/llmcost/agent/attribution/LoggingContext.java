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
 * pays one look per such store, not one per key.
 */
final class LoggingContext {

    static final LoggingContext NONE = new LoggingContext(new Store[0]);

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
        private final Class<?> type;
        private final MethodHandle get;
        /** {@code ()boolean}: nothing is set on this thread; {@code null} where the store cannot say cheaply. */
        private final MethodHandle empty;
        private volatile boolean initialised;
        private volatile boolean broken;

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
                return false;
            }
            try {
                return (boolean) empty.invokeExact();
            } catch (Throwable failure) {
                return failed(failure);
            }
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
