package dev.llmcost.collector.budget;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;

import dev.llmcost.collector.read.LedgerFiles;
import dev.llmcost.collector.read.OutputSet;

/** Counts the ledger into a budget book, as of an instant: the status of budgets, from what was collected. */
public final class BudgetLedgerReader {

    private BudgetLedgerReader() {
    }

    /** Every budget as it stood at {@code asOf}, counted from the ledger. */
    public static java.util.List<BudgetBook.Status> status(OutputSet outputs, BudgetRules rules, Instant asOf)
            throws IOException {
        BudgetBook book = new BudgetBook(rules, java.time.Clock.systemUTC());
        count(outputs, book, asOf);
        return book.status(asOf);
    }

    /** Every ledger call up to {@code asOf} from the days the rules need before it, over every shard. */
    public static void count(OutputSet outputs, BudgetBook book, Instant asOf) throws IOException {
        LocalDate last = asOf.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        LedgerFiles days = outputs.ledger(last.minusDays(BudgetSink.daysNeeded(book.rules())), last);
        ArrayList<Alert> ignored = new ArrayList<>();
        long until = asOf.toEpochMilli();
        days.forEachRow(row -> {
            var priced = BudgetLedger.priced(row);
            if (priced.call().timestampMillis() <= until) {
                book.add(priced, ignored);
            }
        });
    }
}
