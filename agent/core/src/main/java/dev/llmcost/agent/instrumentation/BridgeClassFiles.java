package dev.llmcost.agent.instrumentation;

import dev.llmcost.bridge.ContextCarrier;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where Byte Buddy finds the class file of a bridge type that instrumented classes now name. The bridge is
 * defined in the bootstrap class loader without a jar ({@code BootLoaderInjector}), so the boot loader has no
 * resource for it, and a class given {@link ContextCarrier} could not be described, hence not instrumented.
 */
final class BridgeClassFiles {

    private BridgeClassFiles() {
    }

    static AgentBuilder.LocationStrategy withBridge() {
        return new AgentBuilder.LocationStrategy.Compound(AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
                new AgentBuilder.LocationStrategy.Simple(locator()));
    }

    private static ClassFileLocator locator() {
        String name = ContextCarrier.class.getName();
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = open(resource)) {
            return in == null ? ClassFileLocator.NoOp.INSTANCE : ClassFileLocator.Simple.of(name, in.readAllBytes());
        } catch (IOException unreadable) {
            return ClassFileLocator.NoOp.INSTANCE;
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BridgeClassFiles.class.getClassLoader().getResourceAsStream(resource);
        return in != null ? in : ClassLoader.getSystemResourceAsStream(resource);
    }
}
