package dev.llmcost.agent.attribution;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.util.ClassInitialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The attribution stores one application class loader can see, in the order they win, key by key: the
 * {@code llmcost-api} ({@code dev.llmcost.api.LlmCost}), SLF4J {@code MDC}, Log4j2 {@code ThreadContext},
 * OpenTelemetry {@code Baggage}. They are called through method handles so that the application needs no
 * dependency on llmcost and llmcost none on the application's libraries (the agent jar holds none of them).
 *
 * <p>A store is read only once the application has initialised it itself: initialising SLF4J or Log4j2 from
 * the agent could configure the application's logging before the application does, or print warnings into
 * its output. An uninitialised store holds nothing worth reading anyway.
 */
final class LoggingContext {

    static final LoggingContext NONE = new LoggingContext(new Store[0]);

    /** The stores present, most authoritative first. */
    private final Store[] stores;

    private LoggingContext(Store[] stores) {
        this.stores = stores;
    }

    static LoggingContext find(ClassLoader loader) {
        Store[] stores = java.util.stream.Stream.of(
                        Store.find(loader, "dev.llmcost.api.LlmCost", "current"),
                        Store.find(loader, "org.slf4j.MDC", "get"),
                        Store.find(loader, "org.apache.logging.log4j.ThreadContext", "get"),
                        Store.baggage(loader))
                .filter(java.util.Objects::nonNull).toArray(Store[]::new);
        return stores.length == 0 ? NONE : new LoggingContext(stores);
    }

    /** The value of {@code key} on the current thread from the first store that has it. */
    String get(String key) {
        for (Store store : stores) {
            String value = store.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static final class Store {
        private final Class<?> type;
        private final MethodHandle get;
        private volatile boolean initialised;

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

        /**
         * OpenTelemetry's {@code Baggage.current().getEntryValue(key)}, when the application has the
         * OpenTelemetry API ({@code io.opentelemetry:opentelemetry-api}).
         */
        static Store baggage(ClassLoader loader) {
            String className = "io.opentelemetry.api.baggage.Baggage";
            try {
                Class<?> type = Class.forName(className, false, loader);
                MethodHandle current = MethodHandles.publicLookup().findStatic(type, "current",
                        MethodType.methodType(type));
                MethodHandle entry = MethodHandles.publicLookup().findVirtual(type, "getEntryValue",
                        MethodType.methodType(String.class, String.class));
                return new Store(type, MethodHandles.collectArguments(entry, 0, current));
            } catch (ClassNotFoundException | LinkageError absent) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                AgentLog.debug("cannot read " + className + " through " + loader, unusable);
                return null;
            }
        }

        String get(String key) {
            if (!initialised) {
                if (!ClassInitialization.isInitialized(type)) {
                    return null;
                }
                initialised = true;
            }
            try {
                return (String) get.invokeExact(key);
            } catch (Throwable failure) {
                AgentLog.debug("reading " + type.getName() + " failed", failure);
                return null;
            }
        }
    }
}
