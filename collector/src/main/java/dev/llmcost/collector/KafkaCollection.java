package dev.llmcost.collector;

import dev.llmcost.collector.budget.BudgetSink;
import dev.llmcost.collector.budget.WebhookOutbox;
import dev.llmcost.collector.kafka.Backoff;
import dev.llmcost.collector.kafka.CommitsTopic;
import dev.llmcost.collector.kafka.KafkaConnection;
import dev.llmcost.collector.kafka.KafkaSource;
import dev.llmcost.collector.kafka.KafkaTopics;
import dev.llmcost.collector.kafka.ShardCommitter;
import dev.llmcost.collector.kafka.ShardPosition;
import dev.llmcost.collector.metrics.CollectorMetrics;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.sink.Sink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * {@code collect --kafka}: one shard of a fleet's collection. The same stages and sinks as a host's collection, read
 * from the calls topic as a member of a consumer group; each commit writes the output files, then a pending
 * checkpoint holding the consumed offsets, then commits those offsets to the group in a Kafka transaction with a
 * record of the commit's number in the commits topic, then makes the pending checkpoint the checkpoint. A restart
 * that finds a pending checkpoint asks the commits topic whether its number was committed: if so it is the
 * checkpoint, if not it is dropped and the files are rolled back to the checkpoint before it. The files and the
 * group's offsets therefore always agree, so a collector killed at any moment, or a partition moving to another
 * collector in a rebalance, neither repeats nor skips a record.
 *
 * <p>Any Kafka failure (the brokers unreachable, a transaction that cannot commit) restarts the collection from
 * its last commit, after a wait that grows to 30 s; nothing is lost, since nothing uncommitted was acknowledged.
 */
final class KafkaCollection {

    static final String DEFAULT_GROUP = "llmcost";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** With {@code --once}, how long the brokers may stay unreachable before the run gives up (it loses nothing). */
    private static final int ONCE_ATTEMPTS = 3;

    private final KafkaConnection connection;
    private final String group;
    private final Path outDir;
    private final Pricer pricer;
    private final int batchSize;
    private final int pollMillis;
    private final BigDecimal warnCallUsd;
    private final Budgets budgets;
    private final CollectorMetrics.Options metricsOptions;
    private final boolean follow;
    private final BooleanSupplier stopRequested;
    private final PrintStream out;
    private final PrintStream err;

    KafkaCollection(KafkaConnection connection, String group, Path outDir, Pricer pricer, int batchSize,
                    int pollMillis, BigDecimal warnCallUsd, Budgets budgets, CollectorMetrics.Options metricsOptions,
                    boolean follow, BooleanSupplier stopRequested, PrintStream out, PrintStream err) {
        this.connection = connection;
        this.group = group;
        this.outDir = outDir;
        this.pricer = pricer;
        this.batchSize = batchSize;
        this.pollMillis = pollMillis;
        this.warnCallUsd = warnCallUsd;
        this.budgets = budgets;
        this.metricsOptions = metricsOptions;
        this.follow = follow;
        this.stopRequested = stopRequested;
        this.out = out;
        this.err = err;
    }

    int run() throws CollectorException, IOException, InterruptedException {
        // The metrics outlive a restart from the last commit: their counters move only with committed batches.
        try (CollectorMetrics metrics = metricsOptions == null ? null : MetricsOption.start(metricsOptions, out)) {
            return runFromLastCommit(metrics);
        }
    }

    private int runFromLastCommit(CollectorMetrics metrics) throws CollectorException, IOException,
            InterruptedException {
        Backoff backoff = new Backoff(1_000, 30_000);
        for (int attempt = 1; ; attempt++) {
            try {
                return collect(metrics);
            } catch (InterruptedException stopped) {
                if (stopRequested.getAsBoolean()) {
                    return 0; // stopped while starting (reading the commits topic): nothing read, nothing to commit
                }
                throw stopped;
            } catch (ProducerFencedException fenced) {
                throw new CollectorException("another collector took over this output's shard (its Kafka "
                        + "transactional id); one collector per output directory");
            } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException refused) {
                throw new CollectorException("Kafka at " + connection.describe() + " refused the collector: "
                        + refused.getMessage());
            } catch (KafkaException | ExecutionException failed) {
                String why = failed instanceof ExecutionException && failed.getCause() != null
                        ? failed.getCause().getMessage() : failed.getMessage();
                if (!follow && attempt >= ONCE_ATTEMPTS) {
                    throw new CollectorException("Kafka at " + connection.describe() + " is unavailable (" + why
                            + "); nothing was lost: the next run goes on from the last commit");
                }
                if (stopRequested.getAsBoolean()) {
                    return 0;
                }
                long waitMillis = backoff.nextDelayMillis();
                err.println("llmcost: Kafka at " + connection.describe() + ": " + why + "; collecting again from "
                        + "the last commit in " + waitMillis / 1000 + " s");
                Thread.sleep(waitMillis);
            }
        }
    }

    /** One run from the last commit to the end (or until it fails, and is run again from its last commit). */
    private int collect(CollectorMetrics metrics) throws CollectorException, IOException, InterruptedException,
            ExecutionException {
        try (OutputDirectory output = OutputDirectory.open(outDir);
             WebhookOutbox outbox = budgets == null ? null : budgets.outbox(output.root, err)) {
            CollectorState state = loadState(output);
            String shard = state.kafka().shard();
            try (ShardCommitter committer = new ShardCommitter(connection, shard)) {
                createTopics();
                committer.start();
                Map<String, ShardPosition> commits = CommitsTopic.latest(connection, stopRequested);
                state = finishLastCommit(output, state, commits.get(shard));
                try (KafkaSource source = new KafkaSource(connection, state.kafka(),
                        CommitsTopic.groupOffsets(commits, group), state.lastIndex(), batchSize, pollMillis,
                        budgets != null)) {
                    List<Sink> extra = new ArrayList<>();
                    BudgetSink budgetSink = budgets == null ? null : budgets.sink(output.root, outbox, err);
                    if (budgetSink != null) {
                        extra.add(budgetSink);
                    }
                    if (metrics != null) {
                        extra.add(CollectCommand.metricsSink(metrics, state, budgetSink, outbox,
                                metricsOptions.maxSeries(), () -> Math.max(0, source.lag())));
                    }
                    Collection collection = new Collection(output, state, pricer, batchSize, warnCallUsd,
                            output.sinks(err, extra), err);
                    collection.commitEverySinkThrough(committed -> commit(output, committed, source, committer));
                    try {
                        if (collection.resume() != state.lastIndex()) {
                            throw new CollectorException(output.root + " has a sink behind its checkpoint, which a "
                                    + "collection from Kafka cannot read again; use a new --out directory");
                        }
                        if (budgets != null) {
                            budgets.keepCopy(output.root);
                        }
                        if (outbox != null && follow) {
                            outbox.start();
                        }
                        readTopic(collection, source);
                        collection.finish();
                    } catch (IOException | RuntimeException | CollectorException failed) {
                        collection.abandon();
                        throw failed;
                    }
                    CollectCommand.finishRun(collection, state, budgets, outbox, output, follow, out);
                    out.println("kafka: shard " + shard + " of group " + group + " read partitions "
                            + source.assignment() + " of " + connection.topic() + lagNote(source.lag()));
                }
            }
            return 0;
        }
    }

    private void readTopic(Collection collection, KafkaSource source) throws IOException, CollectorException {
        long started = System.nanoTime();
        long disconnectedSince = 0;
        boolean reported = false;
        while (!stopRequested.getAsBoolean()) {
            boolean polled = source.poll(Duration.ofMillis(pollMillis));
            if (source.connected()) {
                if (reported) {
                    err.println("llmcost: Kafka at " + connection.describe() + " is reachable again");
                }
                disconnectedSince = 0;
                reported = false;
            } else if (disconnectedSince == 0) {
                disconnectedSince = System.nanoTime();
            } else if (!reported && System.nanoTime() - disconnectedSince > Duration.ofSeconds(5).toNanos()) {
                err.println("llmcost: Kafka at " + connection.describe() + " is unreachable; waiting for it "
                        + "(nothing is lost: the shippers keep the records until it is back)");
                reported = true;
            }
            if (source.assignmentError() != null) {
                throw new CollectorException(source.assignmentError());
            }
            if (polled) {
                collection.processBatch(source);
                continue;
            }
            collection.idle();
            if (!follow) {
                if (source.readToAssignedEnds()) {
                    return;
                }
                if (source.assignment().isEmpty()
                        && System.nanoTime() - started > STARTUP_TIMEOUT.toNanos()) {
                    throw new CollectorException("group " + group + " assigned this collector no partition of "
                            + connection.topic() + " in " + STARTUP_TIMEOUT.toSeconds() + " s: has a shipper "
                            + "created it, and are there fewer collectors in the group than partitions?");
                }
            }
        }
    }

    private static String lagNote(long lag) {
        return lag < 0 ? "" : "; " + lag + " record" + (lag == 1 ? "" : "s") + " behind";
    }

    /**
     * The files are flushed; the offsets read since the last commit go to the group in one transaction with the
     * commit's record, between writing the checkpoint as pending and making it the checkpoint.
     */
    private static void commit(OutputDirectory output, CollectorState state, KafkaSource source,
                               ShardCommitter committer) throws IOException {
        Map<Integer, Long> consumed = source.uncommitted();
        if (consumed.isEmpty()) {
            output.checkpoint.save(state); // files changed (a sink started), offsets did not
            return;
        }
        state.kafka().advance(consumed);
        output.checkpoint.savePending(state);
        committer.commit(state.kafka(), consumed, source.groupMetadata());
        output.checkpoint.promotePending();
        source.committed();
    }

    /**
     * A pending checkpoint is the last commit's, interrupted between writing it and knowing: the commits topic
     * (read after {@code initTransactions} completed that transaction) says whether its number was committed.
     */
    private CollectorState finishLastCommit(OutputDirectory output, CollectorState state, ShardPosition committed)
            throws CollectorException, IOException {
        long committedSeq = committed == null ? 0 : committed.commitSeq();
        Optional<CollectorState> pending = output.checkpoint.loadPending();
        if (pending.isPresent() && pending.get().kafka() != null
                && pending.get().kafka().commitSeq() == committedSeq) {
            output.checkpoint.promotePending();
            return pending.get();
        }
        output.checkpoint.discardPending();
        if (committedSeq > state.kafka().commitSeq()) {
            throw new CollectorException(output.root + " is behind its shard's last commit in "
                    + connection.collectCommitsTopic() + " (commit " + committedSeq + ", this directory's "
                    + state.kafka().commitSeq() + "): it was restored from a copy, or another directory uses its "
                    + "shard id " + state.kafka().shard() + "; collect into a new --out directory");
        }
        return state;
    }

    private CollectorState loadState(OutputDirectory output) throws CollectorException, IOException {
        String source = "kafka:" + connection.topic() + "@" + group;
        CollectorState state = output.checkpoint.load().orElse(null);
        if (state == null) {
            return output.firstState(source,
                    first -> first.kafka(ShardPosition.fresh(output.root.getFileName().toString(), group)));
        }
        if (!source.equals(state.queueDirectory()) || state.kafka() == null) {
            throw new CollectorException(output.root + " was collected from " + state.queueDirectory() + ", not "
                    + source + "; use one output directory per source (and, for Kafka, per topic and group)");
        }
        RepriceCommand.finishPendingRenames(output, state);
        return state;
    }

    private void createTopics() throws CollectorException, ExecutionException, InterruptedException {
        java.util.Properties properties = connection.clientProperties("llmcost-collect-admin");
        properties.putIfAbsent("default.api.timeout.ms", "30000");
        Admin admin = Admin.create(properties);
        try {
            KafkaTopics.ensureCalls(admin, connection, KafkaTopics.DEFAULT_CALLS_PARTITIONS);
            KafkaTopics.ensurePositions(admin, connection.collectCommitsTopic(), connection);
            KafkaTopics.awaitLeaders(admin, Set.of(connection.topic(), connection.collectCommitsTopic()));
        } finally {
            admin.close(Duration.ofSeconds(5)); // not the default: wait for what failed to time out again
        }
    }
}
