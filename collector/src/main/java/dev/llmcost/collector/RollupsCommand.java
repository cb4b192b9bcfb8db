package dev.llmcost.collector;

import dev.llmcost.collector.aggregate.ExpensiveCalls;
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
 * {@code rollups --by a,b [--hourly] [--out DIR] [--since DAY] [--until DAY]}: a rollup file for any set of
 * dimensions, by day or by hour, written under {@code OUT/rollups/} beside the collector's own daily rollup.
 */
final class RollupsCommand {

    private final PrintStream out;

    RollupsCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, Set.of("out", "by", "since", "until"), Set.of("hourly"));
        Path output = arguments.ledgerOutput();
        if (arguments.list("by").isEmpty()) {
            throw new CollectorException("usage: rollups --by a,b [--hourly] [--out DIR] [--since DAY] [--until DAY]");
        }
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
        Path file = output.resolve("rollups").resolve("by-" + String.join("-", dimensions.subList(1,
                dimensions.size())).replace('.', '_') + "-" + (period.equals("hour") ? "hourly" : "daily") + ".csv");
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, ReportWriter.rollupCsv(report));
        out.println("rollup by " + String.join(", ", dimensions) + " -> " + file);
        return 0;
    }
}
