package dev.llmcost.agent.config;

/** A service name for when the user gave none: the application's jar or main class, as the JVM was started. */
final class ServiceNames {

    private ServiceNames() {
    }

    static String fromCommandLine(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "unknown_service:java";
        }
        String first = javaCommand.trim().split("\\s+", 2)[0];
        String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
        if (file.endsWith(".jar")) {
            return file.substring(0, file.length() - ".jar".length());
        }
        return file.substring(file.lastIndexOf('.') + 1);
    }
}
