package dev.llmcost.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The collector as tests run it beside apps: following a queue, and waiting for what its ledger holds. */
final class CollectorRuns {

    private CollectorRuns() {
    }

    /** {@code collect --follow} over a local queue, committing every record (a kill lands anywhere). */
    static Process startFollowing(Path queue, Path out) throws IOException {
        return start(List.of("collect", "--queue", queue.toString(), "--out", out.toString(), "--follow",
                "--batch-size", "1", "--poll-ms", "20"));
    }

    /** {@code java -jar llmcost-collector.jar args…}, started. */
    static Process start(List<String> args) throws IOException {
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), args));
    }

    /** {@code java -jar llmcost-collector.jar args…} to its end; fails unless it exits 0. */
    static Processes.Result run(List<String> args) throws IOException, InterruptedException {
        Processes.Result result = Processes.run(Processes.javaCommand(Artifacts.java(), null,
                Artifacts.collectorJar(), args), Duration.ofMinutes(2));
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", args) + "\n" + result);
        }
        return result;
    }

    /** A reading command ({@code report …}) over several output directories, its standard output. */
    static String read(List<String> command, List<Path> outs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(command);
        for (Path out : outs) {
            args.addAll(List.of("--out", out.toString()));
        }
        return run(args).stdout();
    }

    /** Waits until the ledger has {@code rows} lines (written, perhaps not yet committed). */
    static void waitForLedgerRows(Path out, int rows, Process collector, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledgerLines(out) < rows) {
            if (!collector.isAlive()) {
                throw new AssertionError("collector exited: " + Processes.output(collector, collector.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the collector did not reach " + rows + " rows");
            }
            Thread.sleep(5);
        }
    }

    static long ledgerLines(Path out) throws IOException {
        Path ledger = out.resolve("ledger");
        if (!Files.isDirectory(ledger)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(ledger)) {
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).size();
            }
        }
        return lines;
    }

    /** Waits until the checkpoints of {@code outs} count {@code expected} ledger rows in all (committed ones). */
    static void awaitCommittedRows(long expected, Duration timeout, Path... outs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = 0;
            for (Path out : outs) {
                rows += committedRows(out);
            }
            if (rows >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + rows + " of " + expected + " rows committed after " + timeout);
    }

    private static long committedRows(Path out) {
        Path checkpoint = out.resolve(".llmcost/checkpoint.json");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoint.toFile())
                    .path("counts").path("ledger_rows").asLong();
        } catch (IOException notYetOrBeingReplaced) {
            return 0;
        }
    }
}
