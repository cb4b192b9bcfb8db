package dev.llmcost.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Raw settings looked up in the documented order: agent arguments
 * ({@code -javaagent:llmcost-agent.jar=queue.dir=/x,service.name=checkout}), then system properties
 * ({@code -Dllmcost.queue.dir=/x}), then environment variables ({@code LLMCOST_QUEUE_DIR=/x}).
 */
public final class Settings {

    private final Map<String, String> agentArguments;
    private final Properties systemProperties;
    private final Map<String, String> environment;

    public Settings(String agentArguments, Properties systemProperties, Map<String, String> environment) {
        this.agentArguments = parseAgentArguments(agentArguments);
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** The value of {@code key} (without the {@code llmcost.} prefix), or {@code null} if unset. */
    public String get(String key) {
        String value = agentArguments.get(key);
        if (value == null) {
            value = systemProperties.getProperty("llmcost." + key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    Properties systemProperties() {
        return systemProperties;
    }

    Map<String, String> environmentVariables() {
        return environment;
    }

    public Map<String, String> agentArguments() {
        return Collections.unmodifiableMap(agentArguments);
    }

    public static String environmentName(String key) {
        return "LLMCOST_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Splits {@code a=1,b=2}. A comma-separated piece without {@code =} continues the previous value, so
     * that lists read naturally: {@code attributes.extra=tenant,conversation,service.name=api}.
     */
    static Map<String, String> parseAgentArguments(String arguments) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return parsed;
        }
        String lastKey = null;
        for (String piece : arguments.split(",")) {
            int equals = piece.indexOf('=');
            if (equals > 0) {
                lastKey = stripPrefix(piece.substring(0, equals).trim());
                parsed.put(lastKey, piece.substring(equals + 1).trim());
            } else if (lastKey != null && !piece.isBlank()) {
                parsed.put(lastKey, parsed.get(lastKey) + "," + piece.trim());
            }
        }
        return parsed;
    }

    private static String stripPrefix(String key) {
        return key.startsWith("llmcost.") ? key.substring("llmcost.".length()) : key;
    }
}
