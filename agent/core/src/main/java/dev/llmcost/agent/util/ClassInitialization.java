package dev.llmcost.agent.util;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells whether a class has been initialised, without initialising it. The JDK offers this only internally
 * ({@code jdk.internal.misc.Unsafe#shouldBeInitialized}); the agent exports that package to itself at start.
 * Where it is not reachable, classes are taken as initialised.
 */
public final class ClassInitialization {

    private static final Object UNSAFE;
    private static final MethodHandle SHOULD_BE_INITIALIZED;

    static {
        Object unsafe = null;
        MethodHandle shouldBeInitialized = null;
        try {
            Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
            unsafe = type.getMethod("getUnsafe").invoke(null);
            shouldBeInitialized = MethodHandles.lookup().findVirtual(type, "shouldBeInitialized",
                    MethodType.methodType(boolean.class, Class.class)).bindTo(unsafe)
                    .asType(MethodType.methodType(boolean.class, Class.class));
        } catch (Throwable notExported) {
            shouldBeInitialized = null;
        }
        UNSAFE = unsafe;
        SHOULD_BE_INITIALIZED = shouldBeInitialized;
    }

    private ClassInitialization() {
    }

    public static boolean isInitialized(Class<?> type) {
        if (SHOULD_BE_INITIALIZED == null) {
            return true;
        }
        try {
            return !(boolean) SHOULD_BE_INITIALIZED.invokeExact(type);
        } catch (Throwable unexpected) {
            return true;
        }
    }

    public static boolean available() {
        return UNSAFE != null && SHOULD_BE_INITIALIZED != null;
    }
}
