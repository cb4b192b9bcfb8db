package dev.llmcost.agent.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes ({@code dev/llmcost/bridge/*.class} at the root of the agent jar) in the
 * bootstrap class loader, where every class loader can see them.
 *
 * <p>The usual way — appending a jar to the bootstrap search path — makes the JVM turn off class data sharing
 * for application classes, which slows the start of every application. Defining the few classes directly
 * does not. If that is refused, the jar is appended after all.
 */
public final class BootLoaderInjector {

    private static final String BRIDGE_PREFIX = "dev/llmcost/bridge/";

    private BootLoaderInjector() {
    }

    public static void inject(java.lang.instrument.Instrumentation instrumentation, JarFile agentJar)
            throws Exception {
        if (bridgePresent()) {
            return;
        }
        List<Bytes> classes = bridgeClasses(agentJar);
        try {
            defineAll(classes);
        } catch (ReflectiveOperationException | RuntimeException refused) {
            instrumentation.appendToBootstrapClassLoaderSearch(agentJar);
        }
        if (!bridgePresent()) {
            throw new IllegalStateException("the bridge classes could not be put in the bootstrap class loader");
        }
    }

    private static boolean bridgePresent() {
        try {
            Class.forName("dev.llmcost.bridge.LlmcostBridge", false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    private static void defineAll(List<Bytes> classes) throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        // A class can only be defined after its supertypes: retry the ones that failed until none is left.
        List<Bytes> pending = new ArrayList<>(classes);
        while (!pending.isEmpty()) {
            List<Bytes> failed = new ArrayList<>();
            ReflectiveOperationException last = null;
            for (Bytes type : pending) {
                try {
                    define.invoke(unsafe, type.name(), type.bytes(), 0, type.bytes().length, null, null);
                } catch (ReflectiveOperationException e) {
                    failed.add(type);
                    last = e;
                }
            }
            if (failed.size() == pending.size()) {
                throw last;
            }
            pending = failed;
        }
    }

    private static List<Bytes> bridgeClasses(JarFile jar) throws IOException {
        List<Bytes> classes = new ArrayList<>();
        for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(BRIDGE_PREFIX) && name.endsWith(".class")) {
                try (InputStream in = jar.getInputStream(entry)) {
                    classes.add(new Bytes(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes()));
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("the agent jar " + jar.getName() + " holds no bridge classes: it is damaged");
        }
        return classes;
    }

    private record Bytes(String name, byte[] bytes) {
    }
}
