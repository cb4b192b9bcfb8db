package dev.llmcost.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} of {@code llmcost-agent.jar}.
 *
 * <p>It is loaded by the system class loader, which the application shares, so it does almost nothing:
 * it opens an isolated {@link AgentClassLoader} over the agent's own classes and dependencies (hidden in the
 * jar under {@code inst/}) and hands over to the agent's starter there. Whatever goes wrong, the application
 * keeps running and a single line on stderr says why.
 */
public final class AgentMain {

    private static final String STARTER = "dev.llmcost.agent.AgentStarter";

    private AgentMain() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            JarFile agentJar = new JarFile(ownJar(), false);
            AgentClassLoader agentLoader = new AgentClassLoader(agentJar, ClassLoader.getPlatformClassLoader());
            Class<?> starter = agentLoader.loadClass(STARTER);
            Method start = starter.getMethod("start", String.class, Instrumentation.class, JarFile.class);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(agentLoader);
            try {
                start.invoke(null, agentArgs, instrumentation, agentJar);
            } finally {
                thread.setContextClassLoader(previous);
            }
        } catch (Throwable failure) {
            Throwable cause = failure instanceof InvocationTargetException && failure.getCause() != null
                    ? failure.getCause() : failure;
            System.err.println("[llmcost] agent not started, the application runs without cost capture: "
                    + describe(cause));
        }
    }

    private static File ownJar() throws Exception {
        return new File(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.toString() : message;
    }
}
