package dev.llmcost.agent.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's voice: single lines on stderr, prefixed {@code [llmcost]}. It never logs through the
 * application's logging (that would initialise it at the wrong time, or loop back into the capture), and it
 * says each distinct warning once, so a fault that repeats on every call cannot flood the application's log.
 */
public final class AgentLog {

    private static final String PREFIX = "[llmcost] ";
    private static final int MAX_DISTINCT_WARNINGS = 1_000;
    private static final Set<String> warned = ConcurrentHashMap.newKeySet();
    private static volatile boolean debug;

    private AgentLog() {
    }

    public static void enableDebug(boolean enabled) {
        debug = enabled;
    }

    public static boolean debugEnabled() {
        return debug;
    }

    public static void info(String message) {
        System.err.println(PREFIX + message);
    }

    /** Says {@code message} the first time {@code key} is seen, and never again. */
    public static void warnOnce(String key, String message) {
        if (warned.size() < MAX_DISTINCT_WARNINGS && warned.add(key)) {
            System.err.println(PREFIX + message);
        }
    }

    public static void debug(String message) {
        if (debug) {
            System.err.println(PREFIX + "debug: " + message);
        }
    }

    public static void debug(String message, Throwable error) {
        if (debug) {
            System.err.println(PREFIX + "debug: " + message + ": " + error);
        }
    }
}
