package dev.llmcost.agent.config;

import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.queue.QueueLocation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's configuration, every key documented in the README's configuration table. Values come from
 * {@link Settings} (agent arguments, then {@code -Dllmcost.*}, then {@code LLMCOST_*}), else the defaults here.
 */
public final class AgentConfig {

    /** Every key the agent understands, so that a misspelt one is reported instead of silently ignored. */
    public static final Set<String> KEYS = Set.of(
            "enabled", "queue.dir", "service.name", "environment",
            "attribute.feature", "attribute.customer", "attribute.team", "attributes.extra",
            "ring.size", "capture.request.max.bytes", "capture.response.max.bytes", "capture.memory.max.bytes",
            "counters.interval.seconds", "queue.min.free.mb", "provider.hosts", "usage.max.tokens", "debug");

    private final boolean enabled;
    private final Path queueDirectory;
    private final String serviceName;
    private final String environment;
    private final String featureKey;
    private final String customerKey;
    private final String teamKey;
    private final List<String> extraKeys;
    private final Map<String, String> providerHosts;
    private final int ringSize;
    private final int requestBodyLimit;
    private final int responseBodyLimit;
    private final long memoryBudget;
    private final long countersIntervalMillis;
    private final long minFreeDiskBytes;
    private final long usageMaxTokens;
    private final boolean debug;
    private final List<String> problems = new ArrayList<>();

    private AgentConfig(Settings settings) {
        enabled = bool(settings, "enabled", true);
        String dir = settings.get("queue.dir");
        queueDirectory = dir == null ? QueueLocation.defaultDirectory() : Path.of(dir).toAbsolutePath();
        String service = settings.get("service.name");
        serviceName = service == null ? ServiceNames.fromCommandLine(System.getProperty("sun.java.command"))
                : service;
        String explicitEnvironment = settings.get("environment");
        environment = explicitEnvironment != null ? explicitEnvironment
                : OtelResource.environment(settings.systemProperties(), settings.environmentVariables());
        featureKey = text(settings, "attribute.feature", "feature");
        customerKey = text(settings, "attribute.customer", "customer");
        teamKey = text(settings, "attribute.team", "team");
        String extra = settings.get("attributes.extra");
        extraKeys = extra == null ? List.of() : Arrays.stream(extra.split(","))
                .map(String::trim).filter(key -> !key.isEmpty()).distinct().toList();
        providerHosts = providerHosts(settings.get("provider.hosts"));
        ringSize = powerOfTwo((int) number(settings, "ring.size", 16_384, 64, 1 << 22));
        requestBodyLimit = (int) number(settings, "capture.request.max.bytes", 256 * 1024, 0, 64 << 20);
        responseBodyLimit = (int) number(settings, "capture.response.max.bytes", 4 << 20, 64 * 1024, 512 << 20);
        memoryBudget = number(settings, "capture.memory.max.bytes", 64L << 20, 1 << 20, Long.MAX_VALUE);
        countersIntervalMillis = 1000 * number(settings, "counters.interval.seconds", 10, 1, 86_400);
        minFreeDiskBytes = (1L << 20) * number(settings, "queue.min.free.mb", 256, 0, Long.MAX_VALUE >> 20);
        usageMaxTokens = number(settings, "usage.max.tokens", TokenCount.DEFAULT_MAX, 1,
                dev.llmcost.agent.queue.CallRecord.MAX_TOKENS);
        debug = bool(settings, "debug", false);
        for (String key : settings.agentArguments().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add("unknown setting '" + key + "' in the agent arguments (ignored)");
            }
        }
    }

    public static AgentConfig load(String agentArguments) {
        return load(agentArguments, System.getProperties(), System.getenv());
    }

    public static AgentConfig load(String agentArguments, Properties systemProperties, Map<String, String> env) {
        return new AgentConfig(new Settings(agentArguments, systemProperties, env));
    }

    public boolean enabled() {
        return enabled;
    }

    public Path queueDirectory() {
        return queueDirectory;
    }

    public String serviceName() {
        return serviceName;
    }

    /**
     * The deployment environment recorded on every call ({@code production}, {@code staging}…): the
     * {@code environment} setting, else OpenTelemetry's {@code deployment.environment.name}; {@code null} if neither.
     */
    public String environment() {
        return environment;
    }

    public String featureKey() {
        return featureKey;
    }

    public String customerKey() {
        return customerKey;
    }

    public String teamKey() {
        return teamKey;
    }

    public List<String> extraKeys() {
        return extraKeys;
    }

    /** Hosts the user names a provider for ({@code gpu-box.internal:vllm;localhost:lm_studio}), by lower-case host. */
    public Map<String, String> providerHosts() {
        return providerHosts;
    }

    public int ringSize() {
        return ringSize;
    }

    public int requestBodyLimit() {
        return requestBodyLimit;
    }

    public int responseBodyLimit() {
        return responseBodyLimit;
    }

    public long memoryBudget() {
        return memoryBudget;
    }

    public long countersIntervalMillis() {
        return countersIntervalMillis;
    }

    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    /** The largest token count taken as reported; a larger one makes the call {@code malformed}. */
    public long usageMaxTokens() {
        return usageMaxTokens;
    }

    public boolean debug() {
        return debug;
    }

    /** Settings that were given but could not be used as given, each said as one line. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private static String text(Settings settings, String key, String fallback) {
        String value = settings.get(key);
        return value == null ? fallback : value;
    }

    private boolean bool(Settings settings, String key, boolean fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        problems.add("llmcost." + key + "=" + value + " is not true or false; using " + fallback);
        return fallback;
    }

    private long number(Settings settings, String key, long fallback, long min, long max) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("llmcost." + key + "=" + value + " is not a number between " + min + " and " + max
                + "; using " + fallback);
        return fallback;
    }

    private Map<String, String> providerHosts(String value) {
        Map<String, String> hosts = new java.util.HashMap<>();
        if (value == null) {
            return hosts;
        }
        for (String pair : value.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                problems.add("provider.hosts: '" + pair.trim() + "' is not host:provider (e.g. gpu-box.internal:vllm)");
                continue;
            }
            hosts.put(pair.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    pair.substring(colon + 1).trim());
        }
        return Map.copyOf(hosts);
    }

    private static int powerOfTwo(int value) {
        int highest = Integer.highestOneBit(value);
        return highest == value ? value : highest << 1;
    }
}
