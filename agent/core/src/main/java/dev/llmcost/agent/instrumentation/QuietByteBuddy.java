package dev.llmcost.agent.instrumentation;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * The one way llmcost makes an {@link AgentBuilder}. Byte Buddy's default builder prepares its "Nexus" (a way to
 * run initializers in generated classes, which llmcost never uses) when the first builder is made, and doing so
 * touches {@code sun.misc.Unsafe}: on Java 24+ the JVM then prints four WARNING lines on the application's
 * stderr. Turning the Nexus off with Byte Buddy's own switch while the agent's copy of Byte Buddy reads it keeps
 * the application's output as it is. The switch is read once, when that copy's Nexus class initializes, so it is
 * put back at once: a Byte Buddy the application has of its own reads the application's setting.
 */
final class QuietByteBuddy {

    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    private QuietByteBuddy() {
    }

    static AgentBuilder.Default agentBuilder() {
        String before = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (before == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, before);
            }
        }
    }
}
