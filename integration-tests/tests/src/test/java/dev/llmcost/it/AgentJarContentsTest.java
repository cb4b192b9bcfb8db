package dev.llmcost.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every module under {@code instrumentations/} is in the agent jar: its {@code InstrumentationModule} is listed in
 * the jar's service file and its classes are packed. A new module that was not added to the agent's build would
 * otherwise compile, pass its own tests and silently do nothing for users.
 */
class AgentJarContentsTest {

    private static final String SERVICE = "META-INF/services/dev.llmcost.agent.extension.InstrumentationModule";

    @Test
    void everyInstrumentationModuleIsPackedIntoTheAgentJar() throws IOException {
        List<String> declared = new ArrayList<>();
        List<String> helperClasses = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Artifacts.root().resolve("instrumentations"))) {
            for (Path module : modules.filter(dir -> Files.exists(dir.resolve("pom.xml"))).toList()) {
                Path service = module.resolve("src/main/resources").resolve(SERVICE);
                List<String> sources = sources(module);
                if (Files.exists(service)) {
                    declared.addAll(classNames(Files.readString(service)));
                } else {
                    // A library the instrumentations share (common/): no module of its own, but packed all the same.
                    assertTrue(sources.stream().noneMatch(name -> name.endsWith("InstrumentationModule")),
                            module.getFileName() + " has an InstrumentationModule but no " + service);
                    helperClasses.addAll(sources);
                }
            }
        }
        assertTrue(declared.size() >= 5, "modules found: " + declared);
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (String helper : helperClasses) {
                assertTrue(jar.getEntry("inst/" + helper.replace('.', '/') + ".classdata") != null,
                        helper + " is not packed into the agent jar");
            }
            Set<String> packed = Set.copyOf(classNames(new String(jar.getInputStream(jar.getEntry("inst/" + SERVICE))
                    .readAllBytes(), StandardCharsets.UTF_8)));
            for (String module : declared) {
                assertTrue(packed.contains(module), module + " is not in the agent jar's " + SERVICE
                        + " (add its module to agent/pom.xml)");
                assertTrue(jar.getEntry("inst/" + module.replace('.', '/') + ".classdata") != null,
                        module + " is not packed into the agent jar");
            }
            assertEquals(Set.copyOf(declared), packed, "the agent jar lists exactly the modules of instrumentations/");
        }
    }

    @Test
    void theAgentJarHoldsNoneOfTheLibrariesItReadsFromTheApplication() throws IOException {
        // The app brings llmcost-api and OpenTelemetry itself; a copy in the agent would be a second, unread one.
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            List<String> bundled = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(name -> name.contains("dev/llmcost/api/") || name.contains("io/opentelemetry/"))
                    .toList();
            assertEquals(List.of(), bundled);
        }
    }

    /** The top-level classes of a module, by name. */
    private static List<String> sources(Path module) throws IOException {
        Path java = module.resolve("src/main/java");
        if (!Files.isDirectory(java)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(java)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> java.relativize(file).toString().replace(java.getFileSystem().getSeparator(), ".")
                            .replaceFirst("\\.java$", ""))
                    .collect(Collectors.toList());
        }
    }

    private static List<String> classNames(String serviceFile) {
        return serviceFile.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
    }
}
