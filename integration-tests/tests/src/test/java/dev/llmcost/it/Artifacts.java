package dev.llmcost.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The built jars the tests run, and the JDKs they run them on. */
final class Artifacts {

    private Artifacts() {
    }

    static Path root() {
        return Path.of(System.getProperty("llmcost.root", "../..")).toAbsolutePath().normalize();
    }

    static Path agentJar() {
        return existing(root().resolve("agent/target/llmcost-agent.jar"));
    }

    static Path collectorJar() {
        return existing(root().resolve("collector/target/llmcost-collector.jar"));
    }

    static Path sampleApp(String module) {
        String jar = module.equals("sample-app") ? "sample-app.jar" : module + ".jar";
        return existing(root().resolve("integration-tests/" + module + "/target/" + jar));
    }

    static Path fixture(String name) {
        return existing(root().resolve("agent/core/src/test/resources/fixtures/providers/" + name));
    }

    /** The JDK running the tests (17, the default here). */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Temurin 25, when installed (the CI script says where). */
    static Path java25() {
        return Path.of(System.getProperty("llmcost.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build the project first (mvn -B verify)");
        }
        return path;
    }
}
