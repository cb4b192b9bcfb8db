package dev.llmcost.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end overhead harness. A client JVM (the sample app, which knows nothing of llmcost) makes N
 * openai-java chat calls, plain and streaming, against a local stub server in its own JVM — with no agent, with
 * llmcost, and with the OpenTelemetry Java agent (exporters off) as the yardstick — interleaved round by round so
 * that the machine's noise falls on all three alike. Prints, per configuration, the added microseconds per call
 * (p50, mean, p99), the calling thread's added allocation per call, and JVM start to first call, as medians over
 * the rounds, and llmcost's overhead as a fraction of OpenTelemetry's.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.bench.OverheadHarness
 *      [--rounds 5] [--warmup 2000] [--calls 3000] [--baseline-agent path/to/an/earlier/llmcost-agent.jar]</pre>
 * {@code --baseline-agent} adds an earlier build of the agent as a fourth configuration, {@code llmcost@base}, in
 * the same interleaved rounds: a change's effect on the per-call and start-up figures, paired.
 * Run from the repository root after {@code mvn -B -DskipTests install}.
 */
public final class OverheadHarness {

    private static final String[] METRICS = {"p50_us", "mean_us", "p99_us", "thread_cpu_us_per_call",
            "process_cpu_us_per_call", "alloc_bytes_per_call", "start_to_first_call_ms"};
    private static final String[] HEADINGS = {"p50 us", "mean us", "p99 us", "app-thread CPU us", "process CPU us",
            "alloc B", "start->1st ms"};

    private OverheadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000"));
        int calls = Integer.parseInt(options.getOrDefault("calls", "3000"));
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path agent = existing(root.resolve("agent/target/llmcost-agent.jar"));
        Path otel = existing(root.resolve("integration-tests/benchmarks/target/opentelemetry-javaagent.jar"));
        Path app = existing(root.resolve("integration-tests/sample-app/target/sample-app.jar"));
        Path fixtures = existing(root.resolve("agent/core/src/test/resources/fixtures/providers"));
        Path queue = Files.createTempDirectory("llmcost-bench-queue");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, List<String>> configurations = new LinkedHashMap<>();
        configurations.put("none", List.of());
        configurations.put("llmcost", List.of("-javaagent:" + agent + "=queue.dir=" + queue));
        configurations.put("otel", List.of("-javaagent:" + otel, "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none"));
        if (options.containsKey("baseline-agent")) {
            Path baseline = existing(Path.of(options.get("baseline-agent")).toAbsolutePath());
            configurations.put("llmcost@base", List.of("-javaagent:" + baseline + "=queue.dir="
                    + Files.createTempDirectory("llmcost-bench-queue-base")));
        }

        // nodelay: without it Nagle and delayed ACKs turn each loopback call into ~40 ms.
        Process stub = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true", "-cp", ownJar(),
                StubServer.class.getName(), fixtures.toString())
                .redirectErrorStream(true).start();
        try {
            String base = "http://127.0.0.1:" + readPort(stub);
            System.out.println("java " + System.getProperty("java.version") + ", " + rounds + " rounds x " + calls
                    + " calls (after " + warmup + " warm-up calls) per configuration and mode, interleaved");
            for (String mode : List.of("plain", "stream")) {
                Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
                        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
                        command.addAll(configuration.getValue());
                        command.addAll(List.of("-jar", app.toString(), "--base-url", base, "bench",
                                Integer.toString(warmup), Integer.toString(calls), mode));
                        results.computeIfAbsent(configuration.getKey(), k -> new ArrayList<>()).add(run(command));
                    }
                }
                print(mode, results);
            }
        } finally {
            stub.destroy();
        }
    }

    private static void print(String mode, Map<String, List<Map<String, Long>>> results) {
        Map<String, Map<String, Long>> medians = new LinkedHashMap<>();
        results.forEach((configuration, runs) -> {
            Map<String, Long> median = new LinkedHashMap<>();
            for (String metric : METRICS) {
                long[] values = runs.stream().mapToLong(run -> run.get(metric)).sorted().toArray();
                median.put(metric, values[values.length / 2]);
            }
            medians.put(configuration, median);
        });
        Map<String, Long> none = medians.get("none");
        System.out.printf("%n%s calls, per call (medians over rounds); +x = added over no agent%n", mode);
        StringBuilder header = new StringBuilder(String.format("  %-12s", "config"));
        for (String heading : HEADINGS) {
            header.append(String.format(" %17s", heading));
        }
        System.out.println(header);
        medians.forEach((configuration, m) -> {
            StringBuilder line = new StringBuilder(String.format("  %-12s", configuration));
            for (String metric : METRICS) {
                long added = m.get(metric) - none.get(metric);
                line.append(String.format(" %17s", configuration.equals("none") ? Long.toString(m.get(metric))
                        : m.get(metric) + " (" + (added >= 0 ? "+" : "") + added + ")"));
            }
            System.out.println(line);
        });
        Map<String, Long> llmcost = medians.get("llmcost");
        Map<String, Long> otel = medians.get("otel");
        StringBuilder ratios = new StringBuilder("  llmcost's added / otel's added:");
        for (int i = 0; i < METRICS.length; i++) {
            ratios.append(" ").append(HEADINGS[i]).append(" ").append(ratio(llmcost.get(METRICS[i])
                    - none.get(METRICS[i]), otel.get(METRICS[i]) - none.get(METRICS[i]))).append(";");
        }
        System.out.println(ratios);
    }

    private static String ratio(long part, long whole) {
        return whole <= 0 ? "n/a" : String.format("%.2f", (double) part / whole);
    }

    private static Map<String, Long> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("client failed: " + command + "\n" + String.join("\n", output));
        }
        String bench = output.stream().filter(line -> line.startsWith("BENCH ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no BENCH line:\n" + String.join("\n", output)));
        Map<String, Long> values = new LinkedHashMap<>();
        Arrays.stream(bench.substring(6).split(" ")).map(pair -> pair.split("="))
                .forEach(pair -> values.put(pair[0], Long.parseLong(pair[1])));
        return values;
    }

    private static int readPort(Process stub) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            throw new IllegalStateException("stub server did not start: " + line);
        }
        return Integer.parseInt(line.substring(5).trim());
    }

    private static String ownJar() throws Exception {
        return Path.of(OverheadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: run mvn -B -DskipTests install first");
        }
        return path;
    }
}
