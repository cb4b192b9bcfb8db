package dev.llmcost.collector;

import dev.llmcost.agent.queue.QueueLocation;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.read.QueueReader;
import dev.llmcost.collector.report.CostSummary;
import dev.llmcost.collector.budget.BudgetSink;
import dev.llmcost.collector.budget.WebhookOutbox;
import dev.llmcost.collector.metrics.CollectorHealth;
import dev.llmcost.collector.metrics.CollectorMetrics;
import dev.llmcost.collector.metrics.MetricsSink;
import dev.llmcost.collector.kafka.KafkaConnection;
import dev.llmcost.collector.sink.RollupsSink;
import dev.llmcost.collector.sink.Sink;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code collect [--queue DIR] [--out DIR] [--once|--follow] [--prices FILE] [--budgets FILE] [--batch-size N]
 * [--warn-call-usd N] [--metrics-port N …] [--otlp URL …]}: reads the queue from where the last run stopped, prices
 * every call and writes the ledger, the rollups and, with budgets, the alerts; with metrics, serves or pushes the
 * spend and the collector's health as batches are committed.
 */
final class CollectCommand {

    static final Set<String> VALUE_OPTIONS = union(Set.of("queue", "out", "prices", "batch-size", "poll-ms",
            "warn-call-usd", "budgets", "kafka", "topic", "group", "kafka-config"), MetricsOption.VALUE_OPTIONS);
    static final Set<String> FLAGS = Set.of("once", "follow");

    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean stopRequested;
    /** The open reader, for the metrics' lag (read on the collecting thread only); null when none is open. */
    private QueueReader reader;

    CollectCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws CollectorException, IOException, InterruptedException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, FLAGS);
        if (arguments.flag("once") && arguments.flag("follow")) {
            throw new CollectorException("choose one of --once and --follow");
        }
        boolean follow = arguments.flag("follow");
        Path queue = arguments.path("queue", QueueLocation.defaultDirectory()).toAbsolutePath().normalize();
        Path outDir = arguments.path("out", Path.of("llmcost-out")).toAbsolutePath().normalize();
        int batchSize = arguments.integer("batch-size", 10_000, 1, 1_000_000);
        int pollMillis = arguments.integer("poll-ms", 200, 10, 60_000);
        Pricer pricer = new Pricer(PricesCommand.catalogWith(arguments.value("prices")));
        BigDecimal warnCallUsd = arguments.decimal("warn-call-usd", ExpensiveCalls.DEFAULT_THRESHOLD_USD);

        Budgets budgets = Budgets.read(arguments.value("budgets"));
        CollectorMetrics.Options metricsOptions = MetricsOption.read(arguments, follow, budgets != null);
        if (arguments.value("kafka") != null) {
            if (arguments.value("queue") != null) {
                throw new CollectorException("choose one of --queue (this host's queue) and --kafka (a fleet's "
                        + "topic)");
            }
            KafkaConnection connection = KafkaConnection.of(arguments.value("kafka"),
                    arguments.value("topic", KafkaConnection.DEFAULT_TOPIC), arguments.path("kafka-config", null));
            installStopHook(follow);
            return new KafkaCollection(connection, arguments.value("group", KafkaCollection.DEFAULT_GROUP), outDir,
                    pricer, batchSize, pollMillis, warnCallUsd, budgets, metricsOptions, follow, () -> stopRequested,
                    out, err).run();
        }
        for (String kafkaOnly : List.of("topic", "group", "kafka-config")) {
            if (arguments.value(kafkaOnly) != null) {
                throw new CollectorException("--" + kafkaOnly + " goes with --kafka");
            }
        }

        try (OutputDirectory output = OutputDirectory.open(outDir);
             WebhookOutbox outbox = budgets == null ? null : budgets.outbox(output.root, err);
             CollectorMetrics metrics = metricsOptions == null ? null : MetricsOption.start(metricsOptions, out)) {
            CollectorState state = loadState(output, queue);
            List<Sink> extra = new ArrayList<>();
            BudgetSink budgetSink = budgets == null ? null : budgets.sink(output.root, outbox, err);
            if (budgetSink != null) {
                extra.add(budgetSink);
            }
            if (metrics != null) {
                extra.add(metricsSink(metrics, state, budgetSink, outbox, metricsOptions.maxSeries(),
                        () -> lag(state)));
            }
            Collection collection = new Collection(output, state, pricer, batchSize, warnCallUsd,
                    output.sinks(err, extra), err);
            long readAfter = collection.resume();
            if (budgets != null) {
                budgets.keepCopy(output.root);
            }
            if (outbox != null && follow) {
                outbox.start();
            }
            installStopHook(follow);
            if (!waitForQueue(queue, follow, pollMillis)) {
                out.println("llmcost: no queue at " + queue + " yet: no agent has recorded a call there "
                        + "(agents write to ~/.llmcost/queue unless llmcost.queue.dir is set)");
                collection.finish();
                CostSummary.print(state, collection.sink(RollupsSink.class).rollups(), 0, out);
                return 0;
            }
            long hidden = 0;
            try (QueueReader reader = openReader(queue, readAfter)) {
                this.reader = reader;
                while (!stopRequested) {
                    if (readBatch(collection, reader) > 0) {
                        continue;
                    }
                    collection.idle();
                    if (!follow && !reader.stuck()) {
                        hidden = unreadableRecords(queue, state, reader, collection);
                        if (hidden >= 0) {
                            break;
                        }
                        continue; // agents were still writing: keep reading
                    }
                    Thread.sleep(pollMillis);
                }
            } finally {
                this.reader = null;
            }
            collection.finish();
            finishRun(collection, state, budgets, outbox, output, follow, out);
            if (hidden > 0) {
                err.println("llmcost: error: the queue holds " + hidden + " more record" + (hidden == 1 ? "" : "s")
                        + " than could be read (a corrupt queue file); they are not in the ledger. The queue files"
                        + " are left as they are; see rejected/ for the corrupt excerpt.");
                return 2;
            }
            return 0;
        }
    }

    /**
     * With {@code --follow}, SIGTERM or Ctrl-C lets the current batch commit and the run finish as after
     * {@code --once}, within ten seconds.
     */
    private void installStopHook(boolean follow) {
        if (!follow) {
            return;
        }
        Thread main = Thread.currentThread();
        Thread stopper = new Thread(() -> {
            stopRequested = true;
            try {
                main.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "llmcost-collector-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    /** After the last commit: pending alerts go out, and the summary is printed. */
    static void finishRun(Collection collection, CollectorState state, Budgets budgets, WebhookOutbox outbox,
                          OutputDirectory output, boolean follow, PrintStream out)
            throws IOException, InterruptedException {
        if (outbox != null) {
            // The last flush may have put alerts in the outbox: delivered now, or by the next run.
            outbox.deliverPending(java.time.Duration.ofSeconds(follow ? 5 : 15));
        }
        CostSummary.print(state, collection.sink(RollupsSink.class).rollups(), collection.recordsThisRun(), out);
        if (budgets != null) {
            Budgets.printSummary(collection.sink(BudgetSink.class), outbox, output.root, out);
        }
        out.println("files: " + output.root.resolve("ledger") + ", " + output.root.resolve("rollups")
                .resolve("daily.csv"));
    }

    /**
     * The metrics' sink, after the others: the health it publishes with each commit is read from the state, the
     * source's lag, the budgets and the outbox on this thread, and the outbox again at each scrape.
     */
    static MetricsSink metricsSink(CollectorMetrics metrics, CollectorState state, BudgetSink budgetSink,
                                   WebhookOutbox outbox, int maxSeries, java.util.function.LongSupplier lag) {
        if (outbox != null) {
            metrics.alertsPending(() -> {
                try {
                    return outbox.pending();
                } catch (IOException e) {
                    return -1;
                }
            });
        }
        return metrics.sink(() -> CollectorHealth.of(state, lag.getAsLong(), budgetSink == null ? null
                : budgetSink.spending(Instant.now()), maxSeries, System.currentTimeMillis()));
    }

    /** Documents in the queue after the last one the reading stage processed. */
    private long lag(CollectorState state) {
        try {
            return reader == null ? 0 : reader.countAfter(state.lastIndex());
        } catch (RuntimeException unknown) {
            return 0; // a queue file rolled or removed under the reader: known again at the next commit
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** One batch; a queue the reader cannot go on reading is the collector's error, not a crash. */
    private static int readBatch(Collection collection, QueueReader reader) throws CollectorException, IOException {
        try {
            return collection.processBatch(reader);
        } catch (IllegalStateException corruptQueue) {
            throw new CollectorException(corruptQueue.getMessage());
        }
    }

    /**
     * At the end of what can be read: how many records the queue holds beyond what this output has processed.
     * While there are some, a short wait tells agents still appending (new records become readable: -1, read on)
     * from a corrupt excerpt hiding them (the count, reported as an error).
     */
    private static long unreadableRecords(Path queue, CollectorState state, QueueReader reader,
                                          Collection collection) throws CollectorException, IOException,
            InterruptedException {
        long hidden = QueueReader.entryCount(queue) - state.records();
        if (hidden <= 0) {
            return 0;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            Thread.sleep(100);
            if (readBatch(collection, reader) > 0) {
                return -1;
            }
        }
        return hidden;
    }

    private CollectorState loadState(OutputDirectory output, Path queue) throws CollectorException, IOException {
        CollectorState state = output.checkpoint.load().orElse(null);
        if (state == null) {
            return output.firstState(queue.toString(), first -> { });
        }
        if (!queue.toString().equals(state.queueDirectory())) {
            throw new CollectorException(output.root + " was collected from the queue " + state.queueDirectory()
                    + ", not " + queue + "; use one output directory per queue");
        }
        RepriceCommand.finishPendingRenames(output, state);
        return state;
    }

    private boolean waitForQueue(Path queue, boolean follow, int pollMillis) throws InterruptedException {
        while (!QueueReader.exists(queue)) {
            if (!follow || stopRequested) {
                return false;
            }
            Thread.sleep(pollMillis);
        }
        return true;
    }

    private static QueueReader openReader(Path queue, long readAfter) throws CollectorException {
        try {
            return QueueReader.openAfter(queue, readAfter);
        } catch (IllegalStateException e) {
            throw new CollectorException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CollectorException("cannot read the queue at " + queue + ": " + e, e);
        }
    }
}
