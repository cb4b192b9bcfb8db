package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The collector's throughput, end to end: writes N call records into a Chronicle queue exactly as agents do
 * (same writer, same encoding; a week of calls over 5 models, 12 features and C customers), then runs
 * {@code java -Xmx256m -jar llmcost-collector.jar collect --once} as its own process, without and with budgets and
 * anomaly rules (a budget per customer, per feature per day, an hourly anomaly rule by feature), round by round,
 * and prints events per minute — read, priced, aggregated, ledger, rollups and alerts written and synced — the
 * ratio of the two, and the collectors' peak resident memory, so a flat heap under a small -Xmx shows the state
 * stays bounded. With {@code --compare metrics}, the second run has the metrics instead of budgets: {@code --otlp}
 * to a receiver in this process and {@code --metrics-labels customer}, every call recorded by the OpenTelemetry SDK
 * and counted in the series table (C customers over the default cap of 1000 combinations: most overflow).
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.agent.pipeline.CollectorThroughput
 *      [--events 1000000] [--customers 10000] [--rounds 3] [--compare budgets|metrics]</pre>
 * Run from the repository root after {@code mvn -B -DskipTests install}.
 */
public final class CollectorThroughput {

    private static final String[][] MODELS = {
            {"openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18"}, {"openai", "gpt-5", "gpt-5-2025-08-07"},
            {"anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"},
            {"gcp.gemini", "gemini-2.5-flash", "gemini-2.5-flash"},
            {"aws.bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0", null}};

    private CollectorThroughput() {
    }

    /** What Chronicle needs opened in the JVM that writes the queue (the agent opens it for itself). */
    private static final List<String> CHRONICLE_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED");

    /** A budget per customer, a daily budget per feature and an hourly anomaly rule by feature. */
    private static final String BUDGETS = """
            {"budgets": [
               {"name": "each-customer", "scope": {"customer": "*"}, "period": "month", "limit_usd": "5"},
               {"name": "each-feature-daily", "scope": {"feature": "*"}, "period": "day", "limit_usd": "50",
                "warn_percent": 80}],
             "anomalies": [{"name": "feature-spike", "by": ["feature"], "window": "hour", "baseline_windows": 168,
                            "threshold_percent": 50, "min_baseline_usd": "1.00", "min_windows": 24}]}
            """;

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int events = intOption(args, "--events", 1_000_000);
        int customers = intOption(args, "--customers", 10_000);
        int rounds = intOption(args, "--rounds", 3);
        boolean metrics = List.of(args).contains("metrics");
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path collector = root.resolve("collector/target/llmcost-collector.jar");
        Path work = Files.createTempDirectory("llmcost-collector-bench");
        Path queue = work.resolve("queue");
        Path budgets = Files.writeString(work.resolve("budgets.json"), BUDGETS);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        com.sun.net.httpserver.HttpServer receiver = metrics ? otlpReceiver() : null;
        List<String> compared = metrics
                ? List.of("--otlp", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics",
                "--metrics-labels", "customer")
                : List.of("--budgets", budgets.toString());
        String what = metrics ? "metrics (--otlp, --metrics-labels customer)" : "budgets and anomalies";

        long writeStart = System.nanoTime();
        List<String> writeCommand = new ArrayList<>(List.of(java));
        writeCommand.addAll(CHRONICLE_FLAGS);
        writeCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorThroughput.class.getName(),
                "--write", queue.toString(), Integer.toString(events), Integer.toString(customers)));
        Process writer = new ProcessBuilder(writeCommand).redirectErrorStream(true)
                .redirectOutput(work.resolve("writer.log").toFile()).start();
        if (writer.waitFor() != 0) {
            System.out.println(Files.readString(work.resolve("writer.log")));
            throw new IllegalStateException("writing the queue failed");
        }
        System.out.printf("%d events over %d customers written by the agent's writer (its own JVM) in %.1f s%n",
                events, customers, (System.nanoTime() - writeStart) / 1e9);

        // Rounds alternate which of the two runs goes first, and each starts after a sync, so that neither pays for
        // writing back the other's ledger (a gigabyte of dirty pages slows every fsync of the run after it).
        List<Double> plain = new ArrayList<>();
        List<Double> withBudgets = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long plainRss = 0;
        long budgetsRss = 0;
        for (int round = 0; round < rounds; round++) {
            Run without;
            Run with;
            if (round % 2 == 0) {
                without = collect(java, collector, queue, work.resolve("out-" + round), List.of());
                with = collect(java, collector, queue, work.resolve("out-budgets-" + round), compared);
            } else {
                with = collect(java, collector, queue, work.resolve("out-budgets-" + round), compared);
                without = collect(java, collector, queue, work.resolve("out-" + round), List.of());
            }
            deleteTree(work.resolve("out-" + round));
            deleteTree(work.resolve("out-budgets-" + round));
            plain.add(without.seconds);
            withBudgets.add(with.seconds);
            ratios.add(with.seconds / without.seconds);
            plainRss = Math.max(plainRss, without.peakRssKb);
            budgetsRss = Math.max(budgetsRss, with.peakRssKb);
            System.out.printf("round %d: %.1f s without %s, %.1f s with (%.2f)%n", round + 1, without.seconds,
                    metrics ? "metrics" : "budgets", with.seconds, with.seconds / without.seconds);
        }
        double plainMedian = median(plain);
        double budgetsMedian = median(withBudgets);
        System.out.printf("collector (its own JVM, -Xmx256m, start-up included), medians of %d rounds:%n", rounds);
        System.out.printf("  without %s: %.1f s = %.2f million events per minute; peak RSS %d MB%n",
                metrics ? "metrics" : "budgets", plainMedian, events / plainMedian * 60 / 1e6, plainRss / 1024);
        System.out.printf("  with %s: %.1f s = %.2f million events per minute; peak RSS %d MB%n", what,
                budgetsMedian, events / budgetsMedian * 60 / 1e6, budgetsRss / 1024);
        System.out.printf("  time with %s / without: median of the rounds' ratios %.2f%n",
                metrics ? "metrics" : "budgets", median(ratios));
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private record Run(double seconds, long peakRssKb) {
    }

    private static void deleteTree(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * An OTLP/HTTP receiver that takes every export (200) and reads nothing of it: the collector's cost only. Its
     * dispatcher thread would keep this JVM alive after a failure, so a failure ends the JVM.
     */
    private static com.sun.net.httpserver.HttpServer otlpReceiver() throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/metrics", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Thread.currentThread().setUncaughtExceptionHandler((thread, failure) -> {
            failure.printStackTrace();
            System.exit(1);
        });
        return server;
    }

    private static Run collect(String java, Path collector, Path queue, Path out, List<String> extra)
            throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", collector.toString(), "collect",
                "--queue", queue.toString(), "--out", out.toString(), "--once"));
        command.addAll(extra);
        Path log = out.resolveSibling(out.getFileName() + ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peakRss = 0;
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, rssKb(process.pid()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            System.out.println(Files.readString(log));
            throw new IllegalStateException("the collector failed");
        }
        return new Run(seconds, peakRss);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** Writes {@code events} records as agents do. */
    private static void write(Path queue, int events, int customers) throws Exception {
        ChronicleSettings.applyDefaults();
        long week = 7L * 24 * 3600 * 1000;
        long start = System.currentTimeMillis() - week;
        try (QueueWriter writer = new QueueWriter(queue, 0)) {
            for (int i = 0; i < events; i++) {
                String[] model = MODELS[i % MODELS.length];
                long input = 200 + (i * 7919L) % 4000;
                long timestamp = start + (long) i * (week / events);
                writer.append(new CallRecord(EventIds.next(timestamp), "agent-1", "api", timestamp, 120, model[0],
                        "chat", model[1], model[2], i % 3 == 0, 200, "api.example.com", UsageStatus.REPORTED, null,
                        TokenCounts.of(input, 50 + i % 700L).with(TokenKind.CACHE_READ, i % 4 == 0 ? input / 2 : 0L),
                        "feature-" + i % 12, "customer-" + i % customers, "team-" + i % 5,
                        Map.of("conversation", "c-" + i / 6), null, null));
            }
        }
    }

    /** Resident memory of a process in KB, from /proc (0 where there is no /proc). */
    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between polls
        }
        return 0;
    }
}
