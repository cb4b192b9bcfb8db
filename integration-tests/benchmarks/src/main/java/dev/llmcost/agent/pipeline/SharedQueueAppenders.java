package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Several JVMs appending to one Chronicle Queue directory flat out, through the agent's own writer — the worst
 * case of many services on one host sharing {@code queue.dir} (an agent writes one record per LLM call; this writes
 * as fast as the queue's cross-process write lock lets it). Then {@code collect --once} reads the queue and the
 * ledger is checked: every record of every writer once, none lost, none twice.
 *
 * <p>It prints each writer's append rate and longest append, the bytes the queue takes on disk per record
 * (allocated blocks, as {@code du} counts them, and the encoded size of one record), and what the other writers and
 * the collector do when writer 0 misbehaves: {@code --kill-one-after-ms N} kills it with SIGKILL N ms into its
 * appends; {@code --pause-one-for-ms N} stops it with SIGSTOP for N ms; {@code --die-in-document-after N} makes it
 * halt inside an open document (holding Chronicle's write lock) after N records, as a JVM killed mid-append would;
 * {@code --hold-lock-ms N} makes it hold one document open, alive, for N ms, as a frozen JVM would.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar dev.llmcost.agent.pipeline.SharedQueueAppenders \
 *      [--writers 4] [--records 200000] [--attributes 0] [--kill-one-after-ms N | --pause-one-for-ms N |
 *       --die-in-document-after N | --hold-lock-ms N] [--keep]</pre>
 * Run from the repository root after {@code mvn -B -o package -DskipTests}.
 */
public final class SharedQueueAppenders {

    /** What Chronicle needs opened in the JVM that writes the queue (the agent opens it for itself). */
    private static final List<String> CHRONICLE_FLAGS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED");

    private static final Pattern SERVICE = Pattern.compile("\"service\":\"([^\"]*)\"");
    private static final Pattern CALL = Pattern.compile("\"n\":\"([^\"]*)\"");

    private SharedQueueAppenders() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 7 && args[0].equals("--write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            return;
        }
        int writers = intOption(args, "--writers", 4);
        int records = intOption(args, "--records", 200_000);
        int attributes = intOption(args, "--attributes", 0);
        int killAfterMs = intOption(args, "--kill-one-after-ms", 0);
        int dieInDocumentAfter = intOption(args, "--die-in-document-after", -1);
        int pauseOneForMs = intOption(args, "--pause-one-for-ms", 0);
        int holdLockMs = intOption(args, "--hold-lock-ms", 0);
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path collector = root.resolve("collector/target/llmcost-collector.jar");
        Path work = Files.createTempDirectory("llmcost-shared-queue");
        Path queue = work.resolve("queue");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("one record (%d extra attributes) encoded: %d bytes of JSON%n", attributes,
                QueueRecordCodec.toJson(record(0, 1, attributes)).length());

        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int writer = 0; writer < writers; writer++) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(CHRONICLE_FLAGS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    SharedQueueAppenders.class.getName(), "--write", queue.toString(), Integer.toString(writer),
                    Integer.toString(records), Integer.toString(attributes),
                    Integer.toString(writer == 0 ? dieInDocumentAfter : -1),
                    Integer.toString(writer == 0 ? holdLockMs : 0)));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("writer-" + writer + ".log").toFile()).start());
        }
        if (killAfterMs > 0 || pauseOneForMs > 0) {
            Path log = work.resolve("writer-0.log");
            while (!Files.readString(log).contains("appending\n")) {
                Thread.sleep(1);
            }
            Thread.sleep(Math.max(killAfterMs, 1000));
            if (pauseOneForMs > 0) {
                // A JVM frozen while it may hold the write lock: SIGSTOP, as a debugger, a cgroup freeze or a
                // long stop-the-world pause would.
                signal("STOP", processes.get(0).pid());
                Thread.sleep(pauseOneForMs);
                signal("CONT", processes.get(0).pid());
                System.out.printf("writer 0 stopped with SIGSTOP for %d ms, then continued%n", pauseOneForMs);
            } else {
                processes.get(0).destroyForcibly().waitFor();
                System.out.printf("writer 0 killed with SIGKILL %d ms into its appends%n", killAfterMs);
            }
        }
        for (int writer = 0; writer < writers; writer++) {
            Process process = processes.get(writer);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                System.out.printf("writer %d still running after 10 minutes: killed%n", writer);
            }
            // Chronicle logs at debug level here: keep what it says about the lock, warnings and failures.
            List<String> log = Files.readAllLines(work.resolve("writer-" + writer + ".log")).stream()
                    .filter(line -> line.startsWith("appended ") || line.startsWith("append ")
                            || line.startsWith("halting")
                            || line.contains("ERROR") || line.contains("Exception")
                            || line.contains("WARN") && !line.contains("affinity"))
                    .toList();
            System.out.printf("writer %d exit %d%s%n", writer, process.exitValue(),
                    log.isEmpty() ? "" : "\n  " + String.join("\n  ", log));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d writer JVMs appended in %.1f s (JVM start-up included)%n", writers, seconds);

        long allocated = duBytes(queue, false);
        long apparent = duBytes(queue, true);

        Path out = work.resolve("out");
        Process collect = new ProcessBuilder(java, "-jar", collector.toString(), "collect", "--queue", queue.toString(),
                "--out", out.toString(), "--once").redirectErrorStream(true)
                .redirectOutput(work.resolve("collect.log").toFile()).start();
        collect.waitFor();
        // The summary's first line, its total and any warning; not the table of five hundred customers.
        String summary = String.join("\n  ", Files.readAllLines(work.resolve("collect.log")).stream()
                .filter(line -> !line.startsWith("  ") || line.contains("TOTAL") || line.contains("files:")).toList());
        System.out.printf("collect --once exit %d:%n  %s%n", collect.exitValue(), summary);
        long rows = checkLedger(out, writers, records);
        System.out.printf("queue on disk: %d bytes allocated (du), %d apparent; %.1f bytes per ledger row allocated%n",
                allocated, apparent, (double) allocated / rows);
        if (args.length > 0 && List.of(args).contains("--keep")) {
            System.out.println("kept " + work);
        } else {
            deleteTree(work);
        }
    }

    /** Each writer's records in the ledger: how many, how many distinct, how many missing from the first. */
    private static long checkLedger(Path out, int writers, int records) throws IOException {
        Map<String, Set<String>> distinct = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        Path ledger = out.resolve("ledger");
        if (Files.isDirectory(ledger)) {
            try (Stream<Path> files = Files.list(ledger)) {
                for (Path file : files.toList()) {
                    try (Stream<String> lines = Files.lines(file)) {
                        lines.forEach(line -> {
                            Matcher service = SERVICE.matcher(line);
                            Matcher call = CALL.matcher(line);
                            String who = service.find() ? service.group(1) : "?";
                            rows.merge(who, 1L, Long::sum);
                            distinct.computeIfAbsent(who, w -> new HashSet<>()).add(call.find() ? call.group(1) : "?");
                        });
                    }
                }
            }
        }
        for (int writer = 0; writer < writers; writer++) {
            String who = "writer-" + writer;
            Set<String> calls = distinct.getOrDefault(who, Set.of());
            int contiguous = 0;
            while (calls.contains(Integer.toString(contiguous))) {
                contiguous++;
            }
            System.out.printf("%s: %d ledger rows, %d distinct, first %d contiguous, %d of %d written%n", who,
                    rows.getOrDefault(who, 0L), calls.size(), contiguous, calls.size(), records);
        }
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    private static CallRecord record(int writer, int i, int attributes) {
        long timestamp = System.currentTimeMillis();
        Map<String, String> extra = new HashMap<>();
        extra.put("n", Integer.toString(i));
        for (int a = 0; a < attributes; a++) {
            extra.put("attribute-" + a, "value-" + a + "-" + (i % 1000));
        }
        return new CallRecord(EventIds.next(timestamp), "agent-" + writer, "writer-" + writer, timestamp, 840,
                "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com",
                UsageStatus.REPORTED, null, TokenCounts.of(1149, 353).with(TokenKind.CACHE_READ, 1024L),
                "support-chat", "customer-" + i % 500, "team-" + i % 5, extra, null, "prod");
    }

    /**
     * Appends {@code records} records as an agent does, flat out; or, with {@code dieInDocumentAfter >= 0}, that many
     * and then halts the JVM inside an open queue document: holding Chronicle's write lock, its header unfinished,
     * as an agent JVM killed in the middle of an append would; with {@code holdLockMs > 0}, halfway through its
     * records it holds one document open (and with it the write lock) that long, alive, then finishes it, as a
     * frozen JVM would.
     */
    private static void write(Path queue, int writer, int records, int attributes, int dieInDocumentAfter,
                              int holdLockMs) throws Exception {
        ChronicleSettings.applyDefaults();
        if (dieInDocumentAfter >= 0 || holdLockMs > 0) {
            inOneDocument(queue, writer, dieInDocumentAfter >= 0 ? dieInDocumentAfter : records / 2, records,
                    attributes, holdLockMs);
            return;
        }
        try (QueueWriter queueWriter = new QueueWriter(queue, 0)) {
            queueWriter.open();
            System.out.println("appending");
            System.out.flush();
            long start = System.nanoTime();
            long longestNanos = 0;
            int failures = 0;
            for (int i = 0; i < records; i++) {
                long before = System.nanoTime();
                try {
                    queueWriter.append(record(writer, i, attributes));
                } catch (RuntimeException failure) {
                    // What the agent's writer thread would meet: it logs, and goes on with the next call.
                    failures++;
                    System.out.println("append " + i + " failed: " + failure);
                }
                longestNanos = Math.max(longestNanos, System.nanoTime() - before);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("appended %d records in %.2f s: %.0f records/s; longest append %.1f ms; %d failed%n",
                    records - failures, seconds, records / seconds, longestNanos / 1e6, failures);
        }
    }

    private static void inOneDocument(Path queue, int writer, int before, int records, int attributes,
                                      int holdLockMs) throws Exception {
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue chronicle =
                     net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(queue.toFile())
                             .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY).build()) {
            net.openhft.chronicle.queue.ExcerptAppender appender = chronicle.createAppender();
            System.out.println("appending");
            System.out.flush();
            for (int i = 0; i < before; i++) {
                append(appender, record(writer, i, attributes));
            }
            net.openhft.chronicle.wire.DocumentContext document = appender.writingDocument();
            byte[] json = QueueRecordCodec.toJson(record(writer, before, attributes))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            document.wire().bytes().write(json, 0, json.length / 2);
            if (holdLockMs == 0) {
                System.out.println("halting inside a document after " + before + " records");
                System.out.flush();
                Runtime.getRuntime().halt(9);
            }
            Thread.sleep(holdLockMs);
            document.wire().bytes().write(json, json.length / 2, json.length - json.length / 2);
            document.close();
            for (int i = before + 1; i < records; i++) {
                append(appender, record(writer, i, attributes));
            }
            System.out.println("appended " + records + " records, holding the write lock for " + holdLockMs
                    + " ms after " + before);
        }
    }

    private static void append(net.openhft.chronicle.queue.ExcerptAppender appender, CallRecord record) {
        try (net.openhft.chronicle.wire.DocumentContext document = appender.writingDocument()) {
            QueueRecordCodec.write(record, document.wire().bytes().outputStream());
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private static long duBytes(Path directory, boolean apparent) throws Exception {
        Process du = new ProcessBuilder("du", "-s", apparent ? "--apparent-size" : "--block-size=1",
                apparent ? "--block-size=1" : "--", directory.toString()).start();
        String output = new String(du.getInputStream().readAllBytes()).trim();
        du.waitFor();
        return Long.parseLong(output.split("\\s+")[0]);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
