package dev.llmcost.collector;

import dev.llmcost.collector.allocate.SharedCost;
import dev.llmcost.collector.allocate.SharedCostsFile;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code --costs FILE} of allocate, report and focus: the shared costs whose periods lie wholly within the
 * command's {@code --since..--until}. A cost is allocated whole over its whole period or not at all: a report
 * of half a month never carries a month's cost, and the split never depends on the days a command was asked for.
 */
final class SharedCostsOption {

    static final String NAME = "costs";

    final List<SharedCost> included;
    final List<SharedCost> outside;

    private SharedCostsOption(List<SharedCost> included, List<SharedCost> outside) {
        this.included = included;
        this.outside = outside;
    }

    /** The costs of {@code --costs FILE}, or {@code null} when the option is absent. */
    static SharedCostsOption read(Arguments arguments) throws CollectorException {
        String file = arguments.value(NAME);
        if (file == null) {
            return null;
        }
        List<SharedCost> costs = SharedCostsFile.read(java.nio.file.Path.of(file));
        LocalDate since = arguments.day("since");
        LocalDate until = arguments.day("until");
        return new SharedCostsOption(costs.stream().filter(cost -> cost.period().within(since, until)).toList(),
                costs.stream().filter(cost -> !cost.period().within(since, until)).toList());
    }

    /** One line per cost left out, saying why. */
    void printOutside(PrintStream out) {
        outside.forEach(cost -> out.println("note: " + outsideNote(cost)));
    }

    static String outsideNote(SharedCost cost) {
        return "shared cost " + cost.describe() + " left out: its period is not wholly within --since..--until";
    }
}
