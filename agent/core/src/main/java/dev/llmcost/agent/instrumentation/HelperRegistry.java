package dev.llmcost.agent.instrumentation;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.extension.WeakIdentityMap;
import dev.llmcost.bridge.HelperFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates helper objects for advice, one per helper class and class loader, and remembers them on the
 * anchor class (a {@link ClassValue}: one lookup, no lock, and nothing kept alive past the application's
 * loader). Helpers for JDK classes are loaded by the agent's own loader, which already sees the JDK.
 */
public final class HelperRegistry implements HelperFactory {

    private static final Object UNAVAILABLE = new Object();

    private final ClassLoader agentLoader;
    private final WeakIdentityMap<ClassLoader, HelperClassLoader> helperLoaders = new WeakIdentityMap<>();
    private final ClassValue<Map<String, Object>> helpersByAnchor = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    public HelperRegistry(ClassLoader agentLoader) {
        this.agentLoader = agentLoader;
    }

    @Override
    public Object helperFor(Class<?> anchor, String helperClassName) {
        try {
            Object helper = helpersByAnchor.get(anchor).computeIfAbsent(helperClassName,
                    name -> create(anchor.getClassLoader(), name));
            return helper == UNAVAILABLE ? null : helper;
        } catch (Throwable unexpected) {
            return null;
        }
    }

    private Object create(ClassLoader libraryLoader, String helperClassName) {
        try {
            ClassLoader loader = libraryLoader == null || libraryLoader == ClassLoader.getPlatformClassLoader()
                    ? agentLoader
                    : helperLoaders.computeIfAbsent(libraryLoader, app -> new HelperClassLoader(app, agentLoader));
            return Class.forName(helperClassName, true, loader).getDeclaredConstructor().newInstance();
        } catch (Throwable failure) {
            AgentLog.warnOnce("helper:" + helperClassName, "cannot load " + helperClassName + " for "
                    + libraryLoader + ", those calls will not be captured: " + failure);
            return UNAVAILABLE;
        }
    }
}
