package dev.llmcost.agent;

import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.jvm.BootLoaderInjector;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.extension.JvmAccess;
import dev.llmcost.agent.jvm.QueueDirectory;
import dev.llmcost.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Starts the agent, inside its isolated class loader. Any exception thrown from here is reported by
 * {@code AgentMain} as the one line that says why the agent did not start; the application runs on.
 *
 * <p>This class prepares the JVM — checks the queue directory, grants the agent its module access, puts the
 * bridge into the bootstrap loader — and must not name any bridge type itself: verifying it would load those
 * types before they exist. {@link AgentRuntime} does the wiring once they do.
 */
public final class AgentStarter {

    private AgentStarter() {
    }

    public static void start(String agentArguments, Instrumentation instrumentation, JarFile agentJar)
            throws Exception {
        AgentConfig config = AgentConfig.load(agentArguments);
        AgentLog.enableDebug(config.debug());
        config.problems().forEach(AgentLog::info);
        if (!config.enabled()) {
            return;
        }
        QueueDirectory.requireWritable(config.queueDirectory());

        JvmAccess jvm = new JvmAccess(instrumentation, AgentStarter.class.getModule());
        jvm.openJavaBaseToAgent();
        ChronicleSettings.applyDefaults();
        ChronicleSettings.registerShutdownHookEarly();
        BootLoaderInjector.inject(instrumentation, agentJar);

        AgentRuntime.start(config, instrumentation, jvm);
        AgentLog.info("agent " + version(agentJar) + " recording LLM calls of service '" + config.serviceName()
                + "'" + (config.environment() == null ? "" : " in environment '" + config.environment() + "'")
                + " to " + config.queueDirectory());
    }

    private static String version(JarFile agentJar) {
        try {
            String version = agentJar.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "(dev)" : version;
        } catch (Exception e) {
            return "(dev)";
        }
    }
}
