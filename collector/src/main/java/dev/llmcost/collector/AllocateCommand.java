package dev.llmcost.collector;

import dev.llmcost.collector.allocate.AllocationCsv;
import dev.llmcost.collector.allocate.Allocator;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code allocate --costs FILE [--out DIR]... [--since DAY] [--until DAY] [--to DIR]}: splits costs no call
 * carries over the ledger's calls and writes {@code OUT/allocations/PERIOD.csv} (or {@code DIR/PERIOD.csv}), one
 * file per period, the parts of each cost adding up to it to the cent. Several shards are split over as one ledger
 * (a list of {@code --out}s needs {@code --to}).
 */
final class AllocateCommand {

    private static final Set<String> VALUE_OPTIONS = Set.of("out", SharedCostsOption.NAME, "since", "until",
            "to");

    private final PrintStream out;

    AllocateCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, Set.of("out"), Set.of());
        if (arguments.value(SharedCostsOption.NAME) == null) {
            throw new CollectorException("allocate needs --costs FILE (the shared costs; format: see README)");
        }
        OutputSet output = arguments.outputs();
        Path directory = arguments.value("to") != null ? Path.of(arguments.value("to"))
                : DerivedFiles.home(output, "--to DIR").resolve("allocations");
        arguments.checkDayOrder();
        SharedCostsOption costs = SharedCostsOption.read(arguments);
        costs.printOutside(out);
        List<CostAllocation> allocations = allocate(costs, output);
        for (Map.Entry<String, String> period : AllocationCsv.byPeriod(allocations).entrySet()) {
            Path file = directory.resolve(period.getKey() + ".csv");
            AtomicFiles.write(file, period.getValue());
            List<CostAllocation> ofPeriod = allocations.stream()
                    .filter(allocation -> allocation.cost().period().label().equals(period.getKey())).toList();
            BigDecimal amount = ofPeriod.stream().map(allocation -> allocation.cost().amountUsd())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            out.println("allocated " + period.getKey() + ": " + ofPeriod.size() + " shared cost"
                    + (ofPeriod.size() == 1 ? "" : "s") + ", $" + amount.setScale(2).toPlainString() + " -> " + file);
        }
        if (allocations.isEmpty()) {
            out.println("no shared costs to allocate");
        }
        printWarnings(allocations, out);
        if (output.namesShards()) {
            out.println("shards: " + output.describe());
        }
        return 0;
    }

    /** Reads the ledger days the costs' periods cover, once, and splits the costs. */
    static List<CostAllocation> allocate(SharedCostsOption costs, OutputSet output) throws IOException {
        Allocator allocator = new Allocator(costs.included);
        if (!costs.included.isEmpty()) {
            output.ledger(allocator.firstDay(), allocator.lastDay()).forEachRow(allocator::add);
        }
        return allocator.allocations();
    }

    static void printWarnings(List<CostAllocation> allocations, PrintStream out) {
        allocations.stream().filter(CostAllocation::isUnallocated)
                .forEach(allocation -> out.println("warning: " + allocation.warning()));
    }
}
