package dev.llmcost.collector;

import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.report.LedgerReport;
import dev.llmcost.collector.report.ReportWriter;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code rollups --by a,b [--hourly] [--out DIR]... [--since DAY] [--until DAY] [--file PATH]}: a rollup file for
 * any set of dimensions, by day or by hour, written under {@code OUT/rollups/} beside the collector's own daily
 * rollup (or to {@code --file}). Several shards are rolled up as one; named by a list of {@code --out}s, which
 * have no one directory to write to, the file must be named.
 */
final class RollupsCommand {

    private final PrintStream out;

    RollupsCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, Set.of("out", "by", "since", "until", "file"), Set.of("out"),
                Set.of("hourly"));
        if (arguments.list("by").isEmpty()) {
            throw new CollectorException("usage: rollups --by a,b [--hourly] [--out DIR]... [--since DAY] [--until DAY]"
                    + " [--file PATH]");
        }
        OutputSet output = arguments.outputs();
        String period = arguments.flag("hourly") ? "hour" : "day";
        List<String> dimensions = new ArrayList<>(List.of(period));
        dimensions.addAll(arguments.list("by"));
        LedgerReport report;
        try {
            report = LedgerReport.read(output, dimensions, null, arguments.day("since"), arguments.day("until"), false,
                    ExpensiveCalls.DEFAULT_THRESHOLD_USD, null, row -> { });
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
        String name = "by-" + String.join("-", dimensions.subList(1, dimensions.size())).replace('.', '_') + "-"
                + (period.equals("hour") ? "hourly" : "daily") + ".csv";
        Path file = arguments.value("file") != null ? Path.of(arguments.value("file"))
                : DerivedFiles.home(output, "--file PATH").resolve("rollups").resolve(name);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, ReportWriter.rollupCsv(report));
        out.println("rollup by " + String.join(", ", dimensions) + " -> " + file);
        if (output.namesShards()) {
            out.println("shards: " + output.describe());
        }
        return 0;
    }
}
