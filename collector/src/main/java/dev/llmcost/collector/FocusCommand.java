package dev.llmcost.collector;

import dev.llmcost.collector.allocate.Allocator;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.write.AtomicFiles;
import dev.llmcost.collector.write.FocusExport;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code focus [--out DIR]... [--since DAY] [--until DAY] [--prices FILE] [--billing-account NAME] [--file PATH]
 * [--costs FILE]}: writes the ledger as a FOCUS cost-and-usage CSV ({@code OUT/focus/focus.csv} by default) for
 * FinOps tools, with the shared costs of {@code --costs} as allocated rows. Several shards are exported as one file
 * (named with {@code --file} when they are a list of {@code --out}s).
 */
final class FocusCommand {

    private static final Set<String> VALUE_OPTIONS = Set.of("out", "since", "until", "prices", "billing-account",
            "file", SharedCostsOption.NAME);

    private final PrintStream out;

    FocusCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, Set.of("out"), Set.of());
        OutputSet output = arguments.outputs();
        Path file = arguments.value("file") != null ? Path.of(arguments.value("file"))
                : DerivedFiles.home(output, "--file PATH").resolve("focus").resolve("focus.csv");
        String account = arguments.value("billing-account", "llmcost");
        FocusExport export = new FocusExport(PricesCommand.catalogWith(arguments.value("prices")), account);
        SharedCostsOption costs = SharedCostsOption.read(arguments);
        // The costs' periods lie within the export's days: the one pass over them feeds the split too.
        Allocator allocator = new Allocator(costs == null ? List.of() : costs.included);
        try {
            output.ledger(arguments.day("since"), arguments.day("until")).forEachRow(row -> {
                export.add(row);
                allocator.add(row);
            });
        } catch (IllegalStateException unknownPrice) {
            throw new CollectorException(unknownPrice.getMessage());
        }
        List<CostAllocation> allocations = allocator.allocations();
        export.addSharedCosts(allocations);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, export.csv());
        out.println("FOCUS 1.2: " + export.rowCount() + " rows, $" + Money.plain(export.ledgerCost()) + " -> " + file);
        if (costs != null) {
            out.println("shared costs: " + export.sharedRowCount() + " allocated rows, $"
                    + Money.plain(export.sharedCost()) + " (AllocatedMethodId llmcost-shared-*)");
            costs.printOutside(out);
            AllocateCommand.printWarnings(allocations, out);
        }
        if (output.namesShards()) {
            out.println("shards: " + output.describe());
        }
        if (export.unpricedCalls() > 0) {
            out.println("warning: " + export.unpricedCalls() + " unpriced calls are not in the export (no price: "
                    + "see report)");
        }
        return 0;
    }
}
