package dev.llmcost.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a separate JVM (an app under the agent, the collector) and collects what it printed. */
final class Processes {

    record Result(int exitCode, String stdout, String stderr) {

        List<String> lines(String prefix) {
            return stdout.lines().filter(line -> line.startsWith(prefix)).toList();
        }

        /** The RESULT line a sample-app scenario printed. */
        String result(String scenario) {
            return lines("RESULT " + scenario + " ").stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT for " + scenario + "\n" + this));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, java.util.Map.of(), timeout);
    }

    static Result run(List<String> command, java.util.Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Process process = start(command, environment);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + output(process, -1));
        }
        return output(process, process.exitValue());
    }

    static Process start(List<String> command) throws IOException {
        return start(command, java.util.Map.of());
    }

    /** Starts {@code command} with a clean llmcost environment plus {@code environment}. */
    static Process start(List<String> command, java.util.Map<String, String> environment) throws IOException {
        Path stdout = Files.createTempFile("llmcost-it", ".out");
        Path stderr = Files.createTempFile("llmcost-it", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("LLMCOST_") || key.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        OUTPUTS.put(process, new Path[] {stdout, stderr});
        return process;
    }

    static Result output(Process process, int exitCode) throws IOException {
        Path[] files = OUTPUTS.get(process);
        return new Result(exitCode, Files.readString(files[0], StandardCharsets.UTF_8),
                Files.readString(files[1], StandardCharsets.UTF_8));
    }

    private static final java.util.Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code java [-javaagent:...=args] -jar app args...} */
    static List<String> javaCommand(Path java, String agentArgs, Path jar, List<String> appArgs) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx512m");
        if (agentArgs != null) {
            command.add("-javaagent:" + Artifacts.agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(appArgs);
        return command;
    }

    /** {@code java -jar llmcost-collector.jar collect --queue Q --out O args...} */
    static Result collect(Path queue, Path out, String... args) throws IOException, InterruptedException {
        List<String> collectArgs = new ArrayList<>(List.of("collect", "--queue", queue.toString(), "--out",
                out.toString()));
        collectArgs.addAll(List.of(args));
        return run(javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), collectArgs), Duration.ofMinutes(2));
    }
}
