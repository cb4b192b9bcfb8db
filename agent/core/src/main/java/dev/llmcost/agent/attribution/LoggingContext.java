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

    /** The value of {@code key} on the current thread, from the MDC first, then the ThreadContext. */
    String get(String key) {
        String value = mdc == null ? null : mdc.get(key);
        return value != null || threadContext == null ? value : threadContext.get(key);
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
                AgentLog.debug("reading the logging context failed", failure);
                return null;
            }
        }
    }
}
