package dev.llmcost.collector;

import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.aggregate.CalendarPeriod;
import dev.llmcost.collector.allocate.Allocator;
import dev.llmcost.collector.budget.BudgetLedgerReader;
import dev.llmcost.collector.report.BlendedCache;
import dev.llmcost.collector.report.ForecastReport;
import dev.llmcost.collector.report.ForecastReportWriter;
import dev.llmcost.collector.report.LedgerReport;
import dev.llmcost.collector.report.ReportWriter;
import dev.llmcost.collector.read.OutputSet;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code report [--out DIR]... [--by a,b] [--since DAY] [--until DAY] [--per KEY] [--format table|csv|json|html]
 * [--warn-call-usd N] [--cache blended|blended-by-feature] [--prices FILE] [--costs FILE]}: cost by any
 * dimensions from the ledger, most expensive first, with what the totals do not cover and the calls that cost more
 * than the threshold each. {@code --cache} adds each row's cost with prompt caching blended ({@link BlendedCache});
 * it splits calls by the price entries they were billed at, from the catalog {@code --prices} layers over the
 * bundled one. With {@code --costs}, the shared costs allocated beside the direct cost.
 * {@code report --forecast [--period month|week] [--as-of DAY] [--by a,b] [--format table|csv|json]}: each
 * group's forecast spend to the end of the period. Several {@code --out}s, or one holding a directory per collector,
 * are read as one ledger (see {@link OutputSet}); the report then names the shards it read.
 */
final class ReportCommand {

    private static final Set<String> VALUE_OPTIONS = Set.of("out", "by", "since", "until", "format", "per",
            "warn-call-usd", "period", "as-of", "cache", "prices", SharedCostsOption.NAME, "budgets");
    private static final List<String> FORECAST_ONLY = List.of("period", "as-of");
    private static final List<String> NOT_WITH_FORECAST = List.of("since", "until", "per", "warn-call-usd", "cache",
            SharedCostsOption.NAME);
    private static final List<String> DROPPED_COUNTERS = List.of("dropped_ring_full", "not_captured",
            "queue_write_failures");

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, Set.of("out"), Set.of("forecast"));
        OutputSet output = arguments.outputs();
        List<String> by = arguments.list("by").isEmpty() ? List.of("feature") : arguments.list("by");
        if (arguments.flag("forecast")) {
            return forecast(arguments, output, by);
        }
        for (String option : FORECAST_ONLY) {
            if (arguments.value(option) != null) {
                throw new CollectorException("--" + option + " goes with --forecast");
            }
        }
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
            BlendedCache blendedCache = arguments.value("cache") == null ? null
                    : BlendedCache.forOption(arguments.value("cache"), PricesCommand.catalogWith(arguments.value("prices")));
            report = LedgerReport.read(output, by, arguments.value("per"), since, until, format.equals("html"),
                    arguments.decimal("warn-call-usd", ExpensiveCalls.DEFAULT_THRESHOLD_USD), blendedCache,
                    allocator::add);
            if (costs != null) {
                report.addSharedCosts(allocator.allocations(), costs.outside);
            }
            if (format.equals("html")) {
                budgetsPanel(arguments, output, report);
            }
            ReportWriter.write(report, format, dropped(output), out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A bad option, or a ledger row priced by an entry the catalog does not have (--cache).
            throw new CollectorException(e.getMessage());
        }
        return 0;
    }

    /** The forecast reads the days it needs (the period so far and the weeks before it), not a range of days. */
    private int forecast(Arguments arguments, OutputSet output, List<String> by)
            throws CollectorException, IOException {
        for (String option : NOT_WITH_FORECAST) {
            if (arguments.value(option) != null) {
                throw new CollectorException("--" + option + " does not go with --forecast");
            }
        }
        try {
            ForecastReport report = ForecastReport.read(output, by,
                    CalendarPeriod.parse(arguments.value("period", "month")), arguments.day("as-of"));
            String format = arguments.value("format", "table");
            ForecastReportWriter.write(report, format, out);
            if (output.namesShards() && format.equals("table")) {
                out.println("shards: " + output.describe());
            }
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
        return 0;
    }

    /**
     * The HTML report's budgets: those of {@code --budgets FILE}, else of the file the collector last used, as they
     * stood at the end of the report's last day (or now, when that is later).
     */
    private static void budgetsPanel(Arguments arguments, OutputSet output, LedgerReport report)
            throws CollectorException, IOException {
        Budgets budgets = arguments.value("budgets") != null
                ? Budgets.readForStatus(java.nio.file.Path.of(arguments.value("budgets"))) : Budgets.keptIn(output);
        if (budgets == null) {
            return;
        }
        java.time.Instant endOfReport = report.lastDay().plusDays(1).atStartOfDay(budgets.rules().timezone())
                .toInstant().minusMillis(1);
        java.time.Instant now = java.time.Instant.now();
        report.showBudgets(BudgetLedgerReader.status(output, budgets.rules(),
                endOfReport.isBefore(now) ? endOfReport : now));
    }

    /** Calls the agents could not record, from the collectors' last checkpoints. */
    private static long dropped(OutputSet output) {
        return output.state().map(state -> DROPPED_COUNTERS.stream()
                .mapToLong(state::agentCounter).sum()).orElse(0L);
    }
}
