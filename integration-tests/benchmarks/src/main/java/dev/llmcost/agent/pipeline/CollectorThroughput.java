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
 * (same writer, same encoding; a realistic mix of providers, models, features and customers over a week), then
 * runs {@code java -Xmx256m -jar llmcost-collector.jar collect --once} as its own process and prints events per
 * minute — read, priced, aggregated, ledger and rollups written and synced — and the collector's peak resident
 * memory, so a flat heap under a small -Xmx shows the state stays bounded.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.agent.pipeline.CollectorThroughput
 *      [--events 2000000]</pre>
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

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int events = args.length > 1 && args[0].equals("--events") ? Integer.parseInt(args[1]) : 2_000_000;
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path collector = root.resolve("collector/target/llmcost-collector.jar");
        Path work = Files.createTempDirectory("llmcost-collector-bench");
        Path queue = work.resolve("queue");
        Path out = work.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        long writeStart = System.nanoTime();
        List<String> writeCommand = new ArrayList<>(List.of(java));
        writeCommand.addAll(CHRONICLE_FLAGS);
        writeCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectorThroughput.class.getName(),
                "--write", queue.toString(), Integer.toString(events)));
        Process writer = new ProcessBuilder(writeCommand).redirectErrorStream(true)
                .redirectOutput(work.resolve("writer.log").toFile()).start();
        if (writer.waitFor() != 0) {
            System.out.println(Files.readString(work.resolve("writer.log")));
            throw new IllegalStateException("writing the queue failed");
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", collector.toString(), "collect",
                "--queue", queue.toString(), "--out", out.toString(), "--once"));
        long collectStart = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("collector.log").toFile()).start();
        long peakRss = 0;
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, rssKb(process.pid()));
        }
        double collectSeconds = (System.nanoTime() - collectStart) / 1e9;
        if (process.exitValue() != 0) {
            System.out.println(Files.readString(work.resolve("collector.log")));
            throw new IllegalStateException("the collector failed");
        }
        System.out.printf("%d events written by the agent's writer (its own JVM) in %.1f s%n", events,
                writeSeconds);
        System.out.printf("collector (its own JVM, -Xmx256m, start-up included): %.1f s = %.2f million events per"
                + " minute; peak RSS %d MB%n", collectSeconds, events / collectSeconds * 60 / 1e6, peakRss / 1024);
        System.out.println(Files.readAllLines(work.resolve("collector.log")).get(0));
    }

    /** Writes {@code events} records as agents do. */
    private static void write(Path queue, int events) throws Exception {
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
                        "feature-" + i % 12, "customer-" + i % 200, "team-" + i % 5,
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
