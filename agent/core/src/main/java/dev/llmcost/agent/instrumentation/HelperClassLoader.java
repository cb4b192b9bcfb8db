package dev.llmcost.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines an instrumentation's helper classes (an OkHttp {@code Interceptor}, a forwarding {@code Source}…)
 * next to the library they work with: its parent is the library's class loader, so the helpers see the
 * application's own version of the library, while the application never sees the helpers. Helpers may also
 * use the agent's core classes, which come from the agent's loader.
 */
final class HelperClassLoader extends ClassLoader {

    private static final String HELPERS = "dev.llmcost.instrumentation.";
    private static final String CORE = "dev.llmcost.agent.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    HelperClassLoader(ClassLoader libraryLoader, ClassLoader agentLoader) {
        super("llmcost-helpers", libraryLoader);
        this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(CORE)) {
            return agentLoader.loadClass(name);
        }
        if (!name.startsWith(HELPERS)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = helperBytes(name);
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private byte[] helperBytes(String name) throws ClassNotFoundException {
        try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
