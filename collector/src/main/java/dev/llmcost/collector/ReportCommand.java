package dev.llmcost.collector;

import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.allocate.Allocator;
import dev.llmcost.collector.report.LedgerReport;
import dev.llmcost.collector.report.ReportWriter;
import dev.llmcost.collector.write.Checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code report [--out DIR] [--by a,b] [--since DAY] [--until DAY] [--per KEY] [--format table|csv|json|html]
 * [--warn-call-usd N] [--costs FILE]}: cost by any dimensions from the ledger, most expensive first, with what the
 * totals do not cover and the calls that cost more than the threshold each; with {@code --costs}, the shared costs
 * allocated beside the direct cost.
 */
final class ReportCommand {

    private static final Set<String> VALUE_OPTIONS = Set.of("out", "by", "since", "until", "format", "per",
            "warn-call-usd", SharedCostsOption.NAME);
    private static final List<String> DROPPED_COUNTERS = List.of("dropped_ring_full", "not_captured",
            "queue_write_failures");

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, Set.of());
        Path output = arguments.ledgerOutput();
        List<String> by = arguments.list("by").isEmpty() ? List.of("feature") : arguments.list("by");
        arguments.checkDayOrder();
        LocalDate since = arguments.day("since");
        LocalDate until = arguments.day("until");
        String format = arguments.value("format", "table");
        SharedCostsOption costs = SharedCostsOption.read(arguments);
        if (costs != null && format.equals("html")) {
            throw new CollectorException("--costs is shown in the table, csv and json formats, not html");
        }
        // The costs' periods lie within the report's days, so the report's one pass over them feeds the split.
        Allocator allocator = new Allocator(costs == null ? List.of() : costs.included);
        LedgerReport report;
        try {
            report = LedgerReport.read(output, by, arguments.value("per"), since, until, format.equals("html"),
                    arguments.decimal("warn-call-usd", ExpensiveCalls.DEFAULT_THRESHOLD_USD), allocator::add);
            if (costs != null) {
                report.addSharedCosts(allocator.allocations(), costs.outside);
            }
            ReportWriter.write(report, format, dropped(output), out);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
        return 0;
    }

    /** Calls the agents could not record, from the collector's last checkpoint. */
    private static long dropped(Path output) throws IOException {
        return new Checkpoint(output).load().map(state -> state.agents.values().stream()
                .mapToLong(agent -> DROPPED_COUNTERS.stream()
                        .mapToLong(name -> agent.counters().getOrDefault(name, 0L)).sum())
                .sum()).orElse(0L);
    }
}
