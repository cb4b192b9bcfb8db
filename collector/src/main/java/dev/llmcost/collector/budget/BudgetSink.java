package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.read.LedgerFiles;
import dev.llmcost.collector.sink.DayFileSink;
import dev.llmcost.collector.sink.StateLog;
import dev.llmcost.collector.write.DayFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Budgets and anomaly alerts as a sink: each call is counted as it is given, an alert is raised at the call that
 * crosses a line, and at each commit the batch's alerts are appended to {@code OUT/alerts/YYYY-MM-DD.jsonl} and
 * put in the webhook's outbox before the checkpoint saves the book with them — so that after a crash the batch is
 * counted again from the saved book, and raises its alerts again with the same ids (the files get them once, the
 * webhook at least once).
 *
 * <p>Enabled on an output directory collected without it, it first reads the ledger's recent days (the longest
 * period and history the rules need), and keeps the alerts of periods still running: a budget added on the 20th
 * that is already over its limit says so once; past periods and past anomaly windows raise nothing.
 */
public final class BudgetSink implements dev.llmcost.collector.sink.Sink {

    /** Alerts reach the file and the webhook's outbox at a flush: within seconds of the crossing call. */
    static final long FLUSH_INTERVAL_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());

    private final BudgetBook book;
    private final String rulesFingerprint;
    private final Path outputDirectory;
    private final DayFiles alertFiles;
    private final WebhookOutbox outbox;
    private final PrintStream err;
    private final Map<String, Long> committedLengths = new TreeMap<>();
    private final StateLog state;
    /** The book was counted afresh (from the ledger): every instance is written, as a new generation. */
    private boolean rewriteAll;
    private final List<Alert> raised = new ArrayList<>();
    private long alertsRaised;

    /** {@code rulesFingerprint} tells the rules apart: changed rules are counted afresh from the ledger. */
    public BudgetSink(BudgetRules rules, String rulesFingerprint, Path outputDirectory, WebhookOutbox outbox,
                      Clock clock, PrintStream err) {
        this.book = new BudgetBook(rules, clock);
        this.rulesFingerprint = rulesFingerprint;
        this.outputDirectory = outputDirectory;
        this.alertFiles = new DayFiles(outputDirectory.resolve("alerts"));
        this.state = new StateLog(outputDirectory.resolve(".llmcost").resolve("budgets"));
        this.outbox = outbox;
        this.err = err;
    }

    /** A commit writes each changed row or instance whole; seconds of batches are written as one. */
    @Override
    public long flushIntervalMillis() {
        return FLUSH_INTERVAL_MILLIS;
    }

    @Override
    public String name() {
        return "budgets";
    }

    public long alertsRaised() {
        return alertsRaised;
    }

    /** Each budget instance's spend in its current period, without forecasts: for the metrics endpoint. */
    public List<BudgetBook.Status> spending(java.time.Instant asOf) {
        return book.spending(asOf);
    }

    @Override
    public void accept(PricedCall call) {
        book.add(call, raised);
    }

    @Override
    public JsonNode flush() throws IOException {
        book.checkForecasts(raised);
        for (Alert alert : raised) {
            alertFiles.append(alert.day(), JSON.writeValueAsString(alert.toJson()));
        }
        committedLengths.putAll(alertFiles.flush());
        if (outbox != null) {
            outbox.put(raised);
        }
        alertsRaised += raised.size();
        raised.clear();
        ObjectNode position = JSON.createObjectNode();
        position.put("rules", rulesFingerprint);
        ObjectNode files = position.putObject("files");
        committedLengths.forEach(files::put);
        position.set("state", rewriteAll ? state.replaceWith(book.lines(false))
                : state.commit(book.lines(true), book.entries(), () -> book.lines(false)));
        rewriteAll = false;
        return position;
    }

    @Override
    public boolean rollBack(JsonNode position) throws IOException {
        committedLengths.clear();
        position.path("files").fields().forEachRemaining(f -> committedLengths.put(f.getKey(), f.getValue().asLong()));
        DayFileSink.cutBackTo(alertFiles, committedLengths, err);
        if (rulesFingerprint.equals(position.path("rules").asText())) {
            state.restore(position.path("state"), line -> {
                try {
                    book.restore(JSON.readTree(line));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("a budgets state line is unreadable: " + line, e);
                }
            });
            return true;
        }
        backfill();
        return false;
    }

    @Override
    public void start(Path outputDirectory) throws IOException {
        DayFileSink.cutBackTo(alertFiles, committedLengths, err);
        backfill();
    }

    /**
     * Counts the ledger's recent days, keeping the alerts of periods still running that the alert files do not
     * already hold (rules changed since they were raised).
     */
    private void backfill() throws IOException {
        rewriteAll = true;
        LedgerFiles all = LedgerFiles.whole(outputDirectory, null, null);
        if (all.isEmpty()) {
            return;
        }
        List<Alert> backfilled = new ArrayList<>();
        LedgerFiles.whole(outputDirectory, all.lastDay().minusDays(daysNeeded(book.rules())), null)
                .forEachRow(row -> book.add(BudgetLedger.priced(row), backfilled));
        book.checkForecasts(backfilled);
        java.util.Set<String> alreadyRaised = raisedBefore();
        backfilled.removeIf(alert -> alert.kind() == Alert.Kind.ANOMALY || !book.current(alert)
                || alreadyRaised.contains(alert.alertId()));
        raised.addAll(backfilled);
    }

    private java.util.Set<String> raisedBefore() throws IOException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Path file : alertFiles.existing().values()) {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).path("alert_id").asText());
                }
            }
        }
        return ids;
    }

    /** The days before the last a backfill reads: the longest period with its history, every baseline. */
    static long daysNeeded(BudgetRules rules) {
        long anomalyDays = rules.anomalies().stream()
                .mapToLong(rule -> rule.window().days(rule.baselineWindows())).max().orElse(0);
        return Math.max(31 + BudgetTally.HISTORY_DAYS, anomalyDays) + 1;
    }

    @Override
    public void committed() throws IOException {
        state.committed();
    }

    @Override
    public void close() throws IOException {
        state.close();
        alertFiles.close();
    }
}
