package dev.llmcost.agent.queue;

/**
 * System properties Chronicle Queue reads when its classes load (for agents and the collector alike). They are JVM-wide, so each is set only when
 * the application has not set it itself (an application may use Chronicle too).
 */
public final class ChronicleSettings {

    private ChronicleSettings() {
    }

    public static void applyDefaults() {
        // Chronicle otherwise posts usage analytics over HTTP from a thread of its own, writes
        // ~/.chronicle.analytics.*, and prints into the application's stderr when that fails.
        setIfAbsent("chronicle.analytics.disable", "true");
        // Its start-up banner, and a disk-space monitor thread (the agent checks free space itself).
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.disk.monitor.disable", "true");
        // Chronicle's Jvm class loads ./system.properties from the application's working directory into the
        // JVM's system properties. Point it at an empty file instead.
        setIfAbsent("system.properties", "/dev/null");
    }

    /**
     * Chronicle registers its JVM shutdown hook the first time one of its classes needs it. If that happens
     * during shutdown (an application that exits right after its first LLM call), the JVM refuses the hook and
     * Chronicle's classes fail to initialise. Registering a no-op hooklet now makes that first time now.
     */
    public static void registerShutdownHookEarly() {
        net.openhft.chronicle.core.shutdown.PriorityHook.add(Integer.MAX_VALUE, () -> { });
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
