package dev.llmcost.agent.extension;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Grants the agent — and only the agent's own module — the access to JDK internals it needs, so that the user
 * never has to type {@code --add-opens}. Nothing is opened to the application's modules: its behaviour (for
 * example a library probing for {@code jdk.internal.misc.Unsafe}) stays exactly as without the agent.
 */
public final class JvmAccess {

    /** What Chronicle Queue reaches into (found by running it without them), plus Unsafe for the agent. */
    private static final Set<String> JAVA_BASE_PACKAGES = Set.of(
            "java.lang", "java.lang.reflect", "java.io", "java.nio", "java.util",
            "sun.nio.ch", "jdk.internal.misc", "jdk.internal.ref", "jdk.internal.util");

    private final Instrumentation instrumentation;
    private final Module agentModule;

    public JvmAccess(Instrumentation instrumentation, Module agentModule) {
        this.instrumentation = instrumentation;
        this.agentModule = agentModule;
    }

    public void openJavaBaseToAgent() {
        openToAgent("java.base", JAVA_BASE_PACKAGES);
    }

    /** Opens (and exports) {@code packages} of {@code moduleName} to the agent. */
    public void openToAgent(String moduleName, Set<String> packages) {
        Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
        if (module.isEmpty()) {
            return;
        }
        Map<String, Set<Module>> toAgent = new java.util.HashMap<>();
        for (String name : packages) {
            if (module.get().getPackages().contains(name)) {
                toAgent.put(name, Set.of(agentModule));
            }
        }
        instrumentation.redefineModule(module.get(), Set.of(), toAgent, toAgent, Set.of(), Map.of());
    }

    /**
     * Lets the named JDK module read the module that holds {@code dev.llmcost.bridge} (the bootstrap loader's
     * unnamed module), so that advice inlined into its classes can call the bridge. Call it once the bridge is
     * in place, that is from {@code InstrumentationModule.prepare}.
     */
    public void letReadBridge(String moduleName) {
        Module bridge;
        try {
            bridge = Class.forName("dev.llmcost.bridge.LlmcostBridge", false, null).getModule();
        } catch (ClassNotFoundException notInjected) {
            throw new IllegalStateException("the bridge is not in the bootstrap class loader yet", notInjected);
        }
        ModuleLayer.boot().findModule(moduleName).ifPresent(module ->
                instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of()));
    }
}
