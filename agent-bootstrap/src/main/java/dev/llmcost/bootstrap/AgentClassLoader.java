package dev.llmcost.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the agent and its own copies of Byte Buddy, Jackson, the Disruptor and Chronicle from entries under
 * {@code inst/} in the agent jar ({@code .class} files are stored as {@code .classdata} so that nothing that
 * scans the application's class path mistakes them for classes).
 *
 * <p>Its parent is the platform class loader: the agent sees the JDK (including {@code java.net.http}) but
 * never the application's classes, and the application never sees the agent's libraries. That is what lets an
 * application use any version of the same libraries.
 */
public final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    public AgentClassLoader(JarFile jar, ClassLoader parent) throws IOException {
        super("llmcost-agent", parent);
        this.jar = jar;
        URL location = new java.io.File(jar.getName()).toURI().toURL();
        this.jarUrl = location.toExternalForm();
        this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this,
                null);
    }

    /**
     * The agent's own classes are looked up here first: the parent (platform loader) never has them, and asking
     * it first would cost a {@link ClassNotFoundException} for each of the agent's classes at startup.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                ZipEntry entry = jar.getEntry(classEntryName(name));
                loaded = entry != null ? define(name, entry) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ZipEntry entry = jar.getEntry(classEntryName(name));
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        return define(name, entry);
    }

    /** The bytes of one of the agent's classes, as stored in the jar; {@code null} if there is none. */
    public byte[] classBytes(String className) {
        ZipEntry entry = jar.getEntry(classEntryName(className));
        return entry == null ? null : read(entry);
    }

    private Class<?> define(String name, ZipEntry entry) {
        byte[] bytes = read(entry);
        int lastDot = name.lastIndexOf('.');
        if (lastDot > 0) {
            String packageName = name.substring(0, lastDot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
                    // fine
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    private byte[] read(ZipEntry entry) {
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.getName() + " from " + jar.getName(), e);
        }
    }

    @Override
    protected URL findResource(String name) {
        String entryName = PREFIX + (name.endsWith(".class")
                ? name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX : name);
        if (jar.getEntry(entryName) == null) {
            return null;
        }
        try {
            return URI.create("jar:" + jarUrl + "!/" + entryName).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
    }

    private static String classEntryName(String className) {
        return PREFIX + className.replace('.', '/') + CLASS_SUFFIX;
    }
}
