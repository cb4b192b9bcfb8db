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
 * The cost of carrying context across thread hops, end to end. A separate JVM ({@code ExecutorWorkload}) pushes
 * a million small tasks through a {@code ThreadPoolExecutor}, a {@code ForkJoinPool} (external submissions and
 * forks) and {@code CompletableFuture} async chains — with no agent, with llmcost, and with the OpenTelemetry Java
 * agent reduced to its executor propagation (every other instrumentation off but the bridge of the application's
 * OpenTelemetry context, exporters off) — interleaved round by round so the machine's noise falls on all three
 * alike; the submitting thread carries nothing ({@code bare}) or carries attribution in its MDC and a value in its
 * OpenTelemetry context ({@code attributed}).
 *
 * <p>Prints, per workload, each configuration's ns per task (wall clock) and process CPU ns per task, and what it
 * adds over no agent, as medians over the rounds; the bytes each agent adds per task; and llmcost's added time as a
 * fraction of OpenTelemetry's, both as the ratio of the medians and as the median of the per-round ratios.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.bench.ExecutorHarness
 *      [--rounds 5] [--tasks 1000000] [--warmup 2] [--reps 3] [--threads 2]</pre>
 * Run from the repository root after {@code mvn -B -DskipTests install}.
 */
public final class ExecutorHarness {

    private static final String[] WORKLOADS = {"tpe", "fjp", "fork", "cf"};
    private static final Map<String, String> TITLES = Map.of(
            "tpe", "ThreadPoolExecutor.execute", "fjp", "ForkJoinPool.execute",
            "fork", "ForkJoinTask.fork (1 leaf task per index)", "cf", "CompletableFuture.supplyAsync.thenApplyAsync");

    private ExecutorHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        String tasks = options.getOrDefault("tasks", "1000000");
        String warmup = options.getOrDefault("warmup", "2");
        String reps = options.getOrDefault("reps", "3");
        String threads = options.getOrDefault("threads", "2");
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path agent = existing(root.resolve("agent/target/llmcost-agent.jar"));
        Path otel = existing(root.resolve("integration-tests/benchmarks/target/opentelemetry-javaagent.jar"));
        Path workload = existing(root.resolve("integration-tests/benchmarks/target/executor-workload.jar"));
        Path queue = Files.createTempDirectory("llmcost-bench-queue");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, List<String>> configurations = new LinkedHashMap<>();
        configurations.put("none", List.of());
        configurations.put("llmcost", List.of("-javaagent:" + agent + "=queue.dir=" + queue));
        configurations.put("otel", List.of("-javaagent:" + otel, "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.javaagent.logging=none",
                "-Dotel.instrumentation.common.default-enabled=false",
                "-Dotel.instrumentation.executors.enabled=true",
                // the bridge of the application's io.opentelemetry.context.Context to the agent's
                "-Dotel.instrumentation.opentelemetry-api.enabled=true"));

        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime()
                .availableProcessors() + " CPUs, " + rounds + " rounds x " + tasks + " tasks per workload ("
                + warmup + " warm-up + median of " + reps + " measured repetitions in each JVM), pools of " + threads
                + " threads; configurations interleaved round by round");
        for (String mode : List.of("bare", "attributed")) {
            Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
                    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
                    command.addAll(configuration.getValue());
                    command.addAll(List.of("-cp", workload.toString(),
                            "dev.llmcost.bench.workload.ExecutorWorkload", mode, tasks, warmup, reps, threads));
                    results.computeIfAbsent(configuration.getKey(), k -> new ArrayList<>()).add(run(command));
                }
            }
            print(mode, results);
        }
    }

    private static void print(String mode, Map<String, List<Map<String, Long>>> results) {
        System.out.printf("%n%s submitter (%s); per task, medians over rounds; (+x) = added over no agent%n", mode,
                mode.equals("bare") ? "nothing in its MDC or OpenTelemetry context"
                        : "feature/customer/team in its MDC and a span in its OpenTelemetry context");
        System.out.printf("  %-46s %-8s %15s %15s %12s %12s%n", "workload", "config", "wall ns", "CPU ns",
                "alloc B", "ctx seen %");
        List<String> verdicts = new ArrayList<>();
        for (String workload : WORKLOADS) {
            Map<String, Long> none = medians(results.get("none"), workload);
            for (String configuration : results.keySet()) {
                Map<String, Long> m = medians(results.get(configuration), workload);
                System.out.printf("  %-46s %-8s %15s %15s %12s %12s%n", TITLES.get(workload), configuration,
                        withAdded(m.get("ns"), none.get("ns"), configuration),
                        withAdded(m.get("cpu_ns"), none.get("cpu_ns"), configuration),
                        tenths(m.get("alloc_b_x10")) + (configuration.equals("none") ? ""
                                : " (" + signed(tenths(m.get("alloc_b_x10") - none.get("alloc_b_x10"))) + ")"),
                        m.get("ctx_seen_pct"));
            }
            Map<String, Long> llmcost = medians(results.get("llmcost"), workload);
            Map<String, Long> otel = medians(results.get("otel"), workload);
            verdicts.add(String.format("  %-46s wall: %s of medians, %s median of paired; CPU: %s of medians, %s"
                            + " median of paired", TITLES.get(workload),
                    ratio(llmcost.get("ns") - none.get("ns"), otel.get("ns") - none.get("ns")),
                    pairedRatio(results, workload, "ns"),
                    ratio(llmcost.get("cpu_ns") - none.get("cpu_ns"), otel.get("cpu_ns") - none.get("cpu_ns")),
                    pairedRatio(results, workload, "cpu_ns")));
        }
        System.out.println("  llmcost's added / OpenTelemetry's added (n/a: OpenTelemetry added nothing measurable):");
        verdicts.forEach(System.out::println);
    }

    private static Map<String, Long> medians(List<Map<String, Long>> runs, String workload) {
        Map<String, Long> medians = new LinkedHashMap<>();
        for (String metric : List.of("ns", "cpu_ns", "alloc_b_x10", "ctx_seen_pct")) {
            medians.put(metric, median(runs.stream().mapToLong(run -> run.get(workload + "_" + metric)).toArray()));
        }
        return medians;
    }

    /** The median over rounds of (llmcost - none) / (otel - none), each round's three runs paired. */
    private static String pairedRatio(Map<String, List<Map<String, Long>>> results, String workload, String metric) {
        String key = workload + "_" + metric;
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < results.get("none").size(); round++) {
            long none = results.get("none").get(round).get(key);
            long otelAdded = results.get("otel").get(round).get(key) - none;
            if (otelAdded > 0) {
                ratios.add((double) (results.get("llmcost").get(round).get(key) - none) / otelAdded);
            }
        }
        if (ratios.isEmpty()) {
            return "n/a";
        }
        ratios.sort(null);
        return String.format("%.2f", ratios.get(ratios.size() / 2));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String withAdded(long value, long none, String configuration) {
        return configuration.equals("none") ? Long.toString(value) : value + " (" + signed(Long.toString(value - none))
                + ")";
    }

    private static String signed(String value) {
        return value.startsWith("-") ? value : "+" + value;
    }

    private static String tenths(long value) {
        return String.format("%.1f", value / 10.0);
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
            throw new IllegalStateException("workload failed: " + command + "\n" + String.join("\n", output));
        }
        String bench = output.stream().filter(line -> line.startsWith("BENCH ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no BENCH line:\n" + String.join("\n", output)));
        Map<String, Long> values = new LinkedHashMap<>();
        Arrays.stream(bench.substring(6).split(" ")).map(pair -> pair.split("="))
                .forEach(pair -> values.put(pair[0], Long.parseLong(pair[1])));
        return values;
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
