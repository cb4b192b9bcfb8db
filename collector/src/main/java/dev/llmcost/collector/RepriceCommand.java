package dev.llmcost.collector;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.sink.DayFileSink;
import dev.llmcost.collector.sink.RollupsSink;
import dev.llmcost.collector.write.AtomicFiles;
import dev.llmcost.collector.write.LedgerJson;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code reprice --from DAY [--out DIR] [--prices FILE]}: prices the ledger's calls from DAY on again with the
 * catalog as it is now (and the price file given), on request — the only way history is ever repriced. The day
 * files, rollups and checkpoint change together: the new files are written and synced beside the old ones, the
 * checkpoint commits them (as a redo log of renames), then they replace the old ones; a crash anywhere leaves
 * either the old ledger or the new one, never a mix. What changed is printed and kept in {@code OUT/reprice/}.
 */
final class RepriceCommand {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String PENDING = ".repriced";

    private final PrintStream out;

    RepriceCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        Arguments arguments = new Arguments(args, Set.of("out", "from", "prices"), Set.of());
        LocalDate from = arguments.day("from");
        if (from == null) {
            throw new CollectorException("usage: reprice --from DAY [--out DIR] [--prices FILE]");
        }
        Pricer pricer = new Pricer(PricesCommand.catalogWith(arguments.value("prices")));
        Path root = arguments.path("out", Path.of("llmcost-out"));
        try (OutputDirectory output = OutputDirectory.open(root)) {
            CollectorState state = output.checkpoint.load().orElseThrow(() -> new CollectorException(
                    "no checkpoint in " + root + ": reprice works on an output directory the collector wrote"));
            finishPendingRenames(output, state);
            DayFileSink ledger = DayFileSink.ledger(output.ledger, System.err);
            RollupsSink rollups = new RollupsSink(output.root);
            for (String sink : List.of(ledger.name(), rollups.name())) {
                if (state.sink(sink) == null || state.sink(sink).throughIndex() < state.lastIndex()) {
                    throw new CollectorException(root + " was not collected to the end (the last collect stopped "
                            + "abruptly): run collect --once on it first");
                }
            }
            ledger.rollBack(state.sink(ledger.name()).position());
            rollups.rollBack(state.sink(rollups.name()).position());
            reprice(output, state, ledger, rollups, pricer, from);
        }
        return 0;
    }

    /**
     * Budgets and alerts are not re-evaluated: an alert raised is a fact of its time, and the budgets' totals of
     * periods still open keep what was spent at the prices of the day (the next collection adds to them).
     */
    private void reprice(OutputDirectory output, CollectorState state, DayFileSink ledger, RollupsSink rollups,
                         Pricer pricer, LocalDate from) throws IOException {
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
        long rows = 0;
        long changed = 0;
        Map<String, long[]> refChanges = new TreeMap<>();
        DailyRollups repriced = new DailyRollups();
        // The calls over the warning threshold are listed again at their new cost.
        List<ExpensiveCalls.Call> overAfter = new ArrayList<>();
        long overBefore = 0;
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Path> file : output.ledger.existing().entrySet()) {
            LocalDate day = LocalDate.parse(file.getValue().getFileName().toString().substring(0, 10));
            if (day.isBefore(from)) {
                continue;
            }
            StringBuilder rewritten = new StringBuilder();
            for (String line : Files.readAllLines(file.getValue(), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                var row = JSON.readTree(line);
                CallRecord call = LedgerJson.call(row);
                PricedCall priced = pricer.price(call);
                String newLine = LedgerJson.line(priced);
                rows++;
                BigDecimal oldCost = row.path("cost_usd").isNull() ? null : row.path("cost_usd").decimalValue();
                before = oldCost == null ? before : before.add(oldCost);
                after = priced.costUsd() == null ? after : after.add(priced.costUsd());
                if (!newLine.equals(line)) {
                    changed++;
                    refChanges.computeIfAbsent(row.path("price_ref").asText("(unpriced)") + " -> "
                            + (priced.priceRef() == null ? "(unpriced)" : priced.priceRef()), k -> new long[1])[0]++;
                }
                state.repriced("reported".equals(row.path("usage_status").asText()) && row.path("cost_usd").isNull(),
                        priced);
                if (oldCost != null && oldCost.compareTo(state.expensiveCalls().threshold()) > 0) {
                    overBefore++;
                }
                if (priced.costUsd() != null) {
                    overAfter.add(ExpensiveCalls.Call.of(priced));
                }
                repriced.add(priced);
                rewritten.append(newLine).append('\n');
            }
            Path pending = file.getValue().resolveSibling(file.getValue().getFileName() + PENDING);
            AtomicFiles.write(pending, rewritten.toString());
            ledger.recommitted(file.getKey(), Files.size(pending));
            files.add(file.getKey());
        }
        state.expensiveCalls().forgetFrom(from.toString(), overBefore);
        overAfter.forEach(state.expensiveCalls()::addIfOver);
        rollups.replaceFrom(from, repriced);
        state.pendingRenames(files);
        state.committed(ledger.name(), state.lastIndex(), ledger.position());
        state.committed(rollups.name(), state.lastIndex(), rollups.flush());
        output.checkpoint.save(state);
        finishPendingRenames(output, state);
        rollups.committed();
        rollups.finish();
        rollups.close();

        StringBuilder summary = new StringBuilder("llmcost reprice from " + from + ": " + rows + " calls in "
                + files.size() + " day files, " + changed + " changed; cost $" + Money.plain(before) + " -> $"
                + Money.plain(after) + " (" + (after.compareTo(before) >= 0 ? "+" : "") + Money.plain(
                after.subtract(before)) + ")\n");
        refChanges.forEach((change, count) -> summary.append("  ").append(count[0]).append(" x ").append(change)
                .append('\n'));
        out.print(summary);
        Path log = output.root.resolve("reprice").resolve(Instant.now().toString().replace(':', '-') + ".txt");
        Files.createDirectories(log.getParent());
        AtomicFiles.write(log, summary.toString());
        out.println("kept in " + log);
    }


    /**
     * Completes a reprice the last run committed but did not finish (a crash after its checkpoint): the repriced
     * day files replace the old ones. Runs before anything else touches the output directory.
     */
    static void finishPendingRenames(OutputDirectory output, CollectorState state) throws IOException {
        if (state.pendingRenames().isEmpty()) {
            return;
        }
        for (String name : state.pendingRenames()) {
            Path target = output.root.resolve(name);
            Path pending = target.resolveSibling(target.getFileName() + PENDING);
            if (Files.exists(pending)) {
                Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AtomicFiles.syncDirectory(output.root.resolve("ledger"));
        state.pendingRenames(List.of());
        output.checkpoint.save(state);
    }
}
