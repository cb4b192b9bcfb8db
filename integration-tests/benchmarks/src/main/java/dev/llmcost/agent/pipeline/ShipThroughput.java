package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.it.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ship's throughput: writes N call records into a Chronicle queue exactly as agents do (A agents, so the records
 * spread over the topic's partitions), starts the tests' single-node Kafka broker (its own JVM, on this machine),
 * then runs {@code java -jar llmcost-collector.jar ship --once} as its own process to a fresh topic each time, with
 * each batch size asked for, round by round. Prints records per second over the shipping (from ship's summary:
 * connecting, reading, producing and committing) and per second of the ship process's CPU time (user + system,
 * from /usr/bin/time), so the figure per core does not depend on the broker sharing the machine.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.agent.pipeline.ShipThroughput
 *      [--events 200000] [--agents 8] [--rounds 3] [--batch-sizes 5000,500]</pre>
 * Run from the repository root after {@code mvn -B -DskipTests verify}.
 */
public final class ShipThroughput {

    private static final Pattern SUMMARY = Pattern.compile("shipped (\\d+) records? to \\S+ in ([0-9.]+) s");

    private static final List<String> CHRONICLE_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED");

    private ShipThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        // This JVM's own Kafka clients (the broker's readiness check, deleting topics) log through logback at DEBUG; the broker is not up at the first checks.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        int events = intOption(args, "--events", 200_000);
        int agents = intOption(args, "--agents", 8);
        int rounds = intOption(args, "--rounds", 3);
        List<Integer> batchSizes = new ArrayList<>();
        for (String size : option(args, "--batch-sizes", "5000,500").split(",")) {
            batchSizes.add(Integer.parseInt(size.trim()));
        }
        Path root = Path.of(".").toAbsolutePath().normalize();
        System.setProperty("llmcost.root", root.toString()); // where KafkaBroker finds the broker's class path
        Path collector = root.resolve("collector/target/llmcost-collector.jar");
        Path work = Files.createTempDirectory("llmcost-ship-bench");
        Path queue = work.resolve("queue");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        long writeStart = System.nanoTime();
        List<String> writeCommand = new ArrayList<>(List.of(java));
        writeCommand.addAll(CHRONICLE_FLAGS);
        writeCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), ShipThroughput.class.getName(),
                "--write", queue.toString(), Integer.toString(events), Integer.toString(agents)));
        Process writer = new ProcessBuilder(writeCommand).redirectErrorStream(true)
                .redirectOutput(work.resolve("writer.log").toFile()).start();
        if (writer.waitFor() != 0) {
            System.out.println(Files.readString(work.resolve("writer.log")));
            throw new IllegalStateException("writing the queue failed");
        }
        System.out.printf("%d call records from %d agents written by the agent's writer in %.1f s%n",
                events, agents, (System.nanoTime() - writeStart) / 1e9);

        try (KafkaBroker broker = new KafkaBroker(work.resolve("broker"))) {
            broker.start();
            System.out.println("broker: Apache Kafka 4.4.0, one KRaft node in its own JVM at " + broker.bootstrap());
            Map<Integer, List<Run>> runs = new java.util.TreeMap<>();
            Map<String, List<Run>> collectRuns = new java.util.TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int batchSize : batchSizes) {
                    String topic = "bench-" + round + "-" + batchSize;
                    Run run = ship(java, collector, queue, broker, topic, batchSize, work);
                    if (run.shipped != events) {
                        throw new IllegalStateException("shipped " + run.shipped + " of " + events);
                    }
                    runs.computeIfAbsent(batchSize, size -> new ArrayList<>()).add(run);
                    System.out.printf("round %d, --batch-size %d: %.1f s shipping, %.1f s CPU (process %.1f s)%n",
                            round + 1, batchSize, run.shippingSeconds, run.cpuSeconds, run.wallSeconds);
                    // The same records collected from the topic, and from the queue itself, side by side.
                    Run fromKafka = collect(java, collector, work, topic + "-kafka", events, List.of("--kafka",
                            broker.bootstrap(), "--topic", topic, "--group", "bench-" + topic));
                    Run fromQueue = collect(java, collector, work, topic + "-queue", events,
                            List.of("--queue", queue.toString()));
                    collectRuns.computeIfAbsent("kafka", kind -> new ArrayList<>()).add(fromKafka);
                    collectRuns.computeIfAbsent("queue", kind -> new ArrayList<>()).add(fromQueue);
                    System.out.printf("  collect --kafka --once: %.1f s, %.1f s CPU; collect --queue --once: %.1f s, "
                            + "%.1f s CPU%n", fromKafka.wallSeconds, fromKafka.cpuSeconds, fromQueue.wallSeconds,
                            fromQueue.cpuSeconds);
                    try (Admin admin = Admin.create(broker.clientProperties())) {
                        admin.deleteTopics(List.of(topic, topic + ".ship-positions", topic + ".collect-commits"))
                                .all().get();
                    }
                }
            }
            System.out.printf("ship --once of %d records (its own JVM, default heap), medians of %d rounds:%n",
                    events, rounds);
            for (Map.Entry<Integer, List<Run>> entry : runs.entrySet()) {
                double shipping = median(entry.getValue().stream().map(run -> run.shippingSeconds).toList());
                double cpu = median(entry.getValue().stream().map(run -> run.cpuSeconds).toList());
                System.out.printf("  --batch-size %d: %,.0f records/s; %,.0f records per CPU-second of ship%n",
                        entry.getKey(), events / shipping, cpu > 0 ? events / cpu : Double.NaN);
            }
            System.out.printf("collect --once of the same %d records into a fresh --out (its own JVM, start-up "
                    + "included), medians:%n", events);
            for (Map.Entry<String, List<Run>> entry : collectRuns.entrySet()) {
                double wall = median(entry.getValue().stream().map(run -> run.wallSeconds).toList());
                double cpu = median(entry.getValue().stream().map(run -> run.cpuSeconds).toList());
                System.out.printf("  from the %s: %,.0f records/s; %,.0f records per CPU-second of collect%n",
                        entry.getKey().equals("kafka") ? "topic (one member, all partitions)" : "local queue",
                        events / wall, cpu > 0 ? events / cpu : Double.NaN);
            }
        }
    }

    private record Run(long shipped, double shippingSeconds, double cpuSeconds, double wallSeconds) {
    }

    private static Run ship(String java, Path collector, Path queue, KafkaBroker broker, String topic, int batchSize,
                            Path work) throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Path times = work.resolve(topic + ".time");
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
        }
        command.addAll(List.of(java, "-jar", collector.toString(), "ship", "--queue", queue.toString(), "--kafka",
                broker.bootstrap(), "--topic", topic, "--once", "--batch-size", Integer.toString(batchSize)));
        Path log = work.resolve(topic + ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int status = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log);
        Matcher summary = SUMMARY.matcher(output);
        if (status != 0 || !summary.find()) {
            System.out.println(output);
            throw new IllegalStateException("ship failed");
        }
        double cpu = 0;
        if (timed) {
            String[] userSystem = Files.readString(times).trim().split("\\s+");
            cpu = Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(
                    userSystem[userSystem.length - 1]);
        }
        return new Run(Long.parseLong(summary.group(1)), Double.parseDouble(summary.group(2)), cpu, wall);
    }

    /** {@code collect … --once} into a fresh output directory, timed as {@link #ship} is. */
    private static Run collect(String java, Path collector, Path work, String name, int events, List<String> source)
            throws Exception {
        Path times = work.resolve(name + ".time");
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
        }
        command.addAll(List.of(java, "-jar", collector.toString(), "collect", "--out",
                work.resolve(name + "-out").toString(), "--once"));
        command.addAll(source);
        Path log = work.resolve(name + ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int status = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log);
        if (status != 0 || !output.contains(events + " new records read")) {
            System.out.println(output);
            throw new IllegalStateException("collect failed");
        }
        double cpu = 0;
        if (timed) {
            String[] userSystem = Files.readString(times).trim().split("\\s+");
            cpu = Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(
                    userSystem[userSystem.length - 1]);
        }
        return new Run(events, wall, cpu, wall);
    }

    /** Writes {@code events} call records as agents do, from {@code agents} agents in turn. */
    private static void write(Path queue, int events, int agents) throws Exception {
        ChronicleSettings.applyDefaults();
        long day = 24L * 3600 * 1000;
        long start = System.currentTimeMillis() - day;
        try (QueueWriter writer = new QueueWriter(queue, 0)) {
            for (int i = 0; i < events; i++) {
                long timestamp = start + (long) i * (day / events);
                writer.append(new CallRecord(EventIds.next(timestamp), "agent-" + i % agents, "api", timestamp, 120,
                        "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", i % 3 == 0, 200,
                        "api.openai.com", UsageStatus.REPORTED, null, TokenCounts.of(200 + i % 4000L, 50 + i % 700L),
                        "feature-" + i % 12, "customer-" + i % 1000, "team-" + i % 5,
                        Map.of("conversation", "c-" + i / 6), null, null));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
