package dev.llmcost.collector;

import dev.llmcost.collector.budget.BudgetRules;
import dev.llmcost.collector.budget.BudgetSink;
import dev.llmcost.collector.budget.OutboxStatus;
import dev.llmcost.collector.budget.WebhookOutbox;
import dev.llmcost.collector.read.LedgerShard;
import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * A budgets file as {@code collect --budgets} and {@code budgets status} use it. {@code collect} keeps a copy in
 * {@code OUT/.llmcost/budgets.json}, which {@code budgets status} reads when no file is named.
 */
final class Budgets {

    private final BudgetRules rules;
    private final byte[] content;

    private Budgets(BudgetRules rules, byte[] content) {
        this.rules = rules;
        this.content = content;
    }

    BudgetRules rules() {
        return rules;
    }

    /** The budgets file named, or {@code null} when none is. */
    static Budgets read(String file) throws CollectorException, IOException {
        return file == null ? null : read(Path.of(file));
    }

    static Budgets read(Path file) throws CollectorException, IOException {
        return read(file, System::getenv);
    }

    /**
     * The file as {@code budgets status} reads it: the webhook's headers are not needed, so a variable they name
     * need not be set.
     */
    static Budgets readForStatus(Path file) throws CollectorException, IOException {
        return read(file, name -> System.getenv().getOrDefault(name, ""));
    }

    private static Budgets read(Path file, java.util.function.Function<String, String> environment)
            throws CollectorException, IOException {
        try {
            return new Budgets(BudgetRules.read(file, environment), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CollectorException("no budgets file at " + file);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
    }

    /**
     * The copy {@code collect} kept in the output directories; {@code null} when none has one. Shards whose
     * collectors were given different files have no one set of budgets to count: named with {@code --budgets}.
     */
    static Budgets keptIn(OutputSet outputs) throws CollectorException, IOException {
        Budgets kept = null;
        LedgerShard keptBy = null;
        for (LedgerShard shard : outputs.shards()) {
            Path copy = copyIn(shard.directory());
            if (!Files.exists(copy)) {
                continue;
            }
            Budgets budgets = readForStatus(copy);
            if (kept != null && !java.util.Arrays.equals(kept.content, budgets.content)) {
                throw new CollectorException(keptBy.name() + " and " + shard.name() + " were collected with "
                        + "different budgets files: name the one to count with --budgets FILE");
            }
            if (kept == null) {
                kept = budgets;
                keptBy = shard;
            }
        }
        return kept;
    }

    void keepCopy(Path outputDirectory) throws IOException {
        AtomicFiles.write(copyIn(outputDirectory), content);
    }

    private static Path copyIn(Path outputDirectory) {
        return outputDirectory.resolve(".llmcost").resolve("budgets.json");
    }

    /** The webhook's outbox, or {@code null} when the file names no webhook. */
    WebhookOutbox outbox(Path outputDirectory, PrintStream err) {
        return rules.webhook() == null ? null
                : new WebhookOutbox(rules.webhook(), outputDirectory, Clock.systemUTC(), err);
    }

    BudgetSink sink(Path outputDirectory, WebhookOutbox outbox, PrintStream err) {
        return new BudgetSink(rules, fingerprint(), outputDirectory, outbox, Clock.systemUTC(), err);
    }

    /** The file's content, hashed: a changed file is counted afresh. */
    private String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void printSummary(BudgetSink sink, WebhookOutbox outbox, Path outputDirectory, PrintStream out)
            throws IOException {
        out.println("alerts: " + sink.alertsRaised() + " raised this run (" + outputDirectory.resolve("alerts")
                + ")");
        if (outbox != null) {
            OutboxStatus status = OutboxStatus.read(OutboxStatus.directoryOf(outputDirectory));
            out.println(status.describe(outbox.pending()));
        }
    }
}
