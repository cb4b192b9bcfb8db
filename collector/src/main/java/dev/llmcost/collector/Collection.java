package dev.llmcost.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.read.DocumentSource;
import dev.llmcost.collector.read.QueueReader;
import dev.llmcost.collector.sink.Sink;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One collector run over the stages read → price → sinks, committed batch by batch. A batch is committed by
 * flushing the sinks that are due (every sink, unless it asks to be flushed less often) and then replacing the
 * checkpoint with the queue position and each sink's durable position and the last document it holds. On start,
 * each sink is rolled back to its committed position (or started, when this output directory was collected without
 * it), and the queue is read from the earliest document a sink lacks: a document goes to the sinks that do not
 * hold it yet, and to the reading stage's counts only the first time. So a restart redoes, for each sink, what
 * came after its last commit, once.
 */
final class Collection {

    private static final JsonFactory JSON = new JsonFactory();

    private final OutputDirectory output;
    private final CollectorState state;
    private final Pricer pricer;
    private final int batchSize;
    private final PrintStream err;
    private final List<Sink> sinks;
    /** Per sink: the last queue document it holds, and when it was last flushed. */
    private final long[] through;
    private final long[] flushedAt;
    private long recordsThisRun;
    private long lastRead = -1;
    private CommitPoint commitPoint;
    private boolean flushEverySink;

    /**
     * Where a commit's checkpoint goes once the sinks have flushed: the checkpoint file for a local queue; for Kafka,
     * a transaction that commits the consumed offsets with it (see {@code KafkaCollection}).
     */
    interface CommitPoint {
        void commit(CollectorState state) throws IOException;
    }

    Collection(OutputDirectory output, CollectorState state, Pricer pricer, int batchSize, BigDecimal warnCallUsd,
               List<Sink> sinks, PrintStream err) {
        this.output = output;
        this.state = state;
        this.pricer = pricer;
        this.batchSize = batchSize;
        this.sinks = sinks;
        this.through = new long[sinks.size()];
        this.flushedAt = new long[sinks.size()];
        state.expensiveCalls().threshold(warnCallUsd);
        this.err = err;
        this.commitPoint = output.checkpoint::save;
    }

    /**
     * Every commit flushes every sink, up to the last document read, and goes to {@code commitPoint}. For a source
     * that cannot be read again from a sink's own older position (Kafka: the offsets are committed with the files),
     * so the checkpoint's one position is every sink's.
     */
    void commitEverySinkThrough(CommitPoint commitPoint) {
        this.commitPoint = commitPoint;
        this.flushEverySink = true;
    }

    /**
     * Puts every sink at its last commit's position, and the sinks new to this directory at its end; forgets the
     * sinks not asked for this time. Returns the index after which the queue is to be read.
     */
    long resume() throws IOException {
        output.rollBackRejected(state, err);
        boolean started = false;
        java.util.Set<String> configured = new java.util.HashSet<>();
        for (int i = 0; i < sinks.size(); i++) {
            Sink sink = sinks.get(i);
            configured.add(sink.name());
            CollectorState.SinkCommit commit = state.sink(sink.name());
            if (commit != null && sink.rollBack(commit.position())) {
                through[i] = Math.min(commit.throughIndex(), state.lastIndex());
            } else {
                if (commit == null) {
                    sink.start(output.root);
                }
                // Started from now, or afresh from the ledger, which holds everything read so far.
                through[i] = state.lastIndex();
                started = true;
            }
        }
        for (String name : state.sinkNames()) {
            if (!configured.contains(name)) {
                state.forgetSink(name);
            }
        }
        if (started) {
            commit(true);
        } else {
            for (Sink sink : sinks) {
                sink.committed();
            }
        }
        long from = state.lastIndex();
        for (long index : through) {
            from = Math.min(from, index);
        }
        lastRead = from;
        return from;
    }

    long recordsThisRun() {
        return recordsThisRun;
    }

    /** Reads and commits one batch; returns how many new documents it held (0: the queue has nothing new). */
    int processBatch(DocumentSource source) throws IOException {
        int read = 0;
        int fresh = 0;
        QueueReader.Document document;
        while (read < batchSize && (document = source.next()) != null) {
            if (process(document)) {
                fresh++;
            }
            lastRead = document.index();
            read++;
        }
        if (read > 0) {
            commit(false);
            recordsThisRun += fresh;
        }
        return read;
    }

    /** Gives a document to whoever lacks it; returns whether the reading stage saw it for the first time. */
    private boolean process(QueueReader.Document document) throws IOException {
        long index = document.index();
        boolean fresh = index > state.lastIndex();
        if (fresh) {
            state.read(index);
        }
        if (document.unreadable()) {
            if (fresh) {
                reject(document, "a corrupt queue excerpt: its bytes cannot be read, the records after it are");
            }
            return fresh;
        }
        QueueRecord record;
        try {
            record = QueueRecordCodec.fromJson(document.bytes(), 0, document.bytes().length);
        } catch (RuntimeException unreadable) {
            if (fresh) {
                reject(document, unreadable.getMessage());
            }
            return fresh;
        }
        if (record instanceof CallRecord call) {
            PricedCall priced = pricer.price(call);
            if (fresh) {
                state.priced(priced);
            }
            for (int i = 0; i < sinks.size(); i++) {
                if (index > through[i]) {
                    sinks.get(i).accept(priced);
                }
            }
        } else if (record instanceof CountersRecord counters && fresh) {
            state.counters(counters);
        }
        return fresh;
    }

    /** An unreadable record is kept, whole, in {@code rejected/}, and the collector moves on. */
    private void reject(QueueReader.Document document, String reason) {
        // Grouped by what is wrong, not where: "not valid JSON (at line 1, column 7)" counts as "not valid JSON".
        int detail = reason.indexOf(" (");
        state.rejected(detail > 0 ? reason.substring(0, detail) : reason);
        String which = document.origin() != null ? document.origin()
                : "queue record " + Long.toHexString(document.index());
        err.println("llmcost: warning: " + which + " is unreadable (" + reason + "); kept in "
                + output.rejected.directory());
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("queue_index", Long.toHexString(document.index()));
            if (document.origin() != null) {
                json.writeStringField("origin", document.origin());
            }
            json.writeStringField("reason", reason);
            json.writeStringField("record", document.text());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output.rejected.append(LocalDate.now(ZoneOffset.UTC), line.toString());
    }

    /**
     * Flushes the sinks that are due — every one when {@code all} — and saves the checkpoint: the reading stage's
     * position, and each sink's position with the last document it holds.
     */
    void commit(boolean all) throws IOException {
        all |= flushEverySink;
        state.rejectedFiles().putAll(output.rejected.flush());
        long now = System.currentTimeMillis();
        boolean[] flushed = new boolean[sinks.size()];
        for (int i = 0; i < sinks.size(); i++) {
            Sink sink = sinks.get(i);
            CollectorState.SinkCommit before = state.sink(sink.name());
            if (all || before == null || now - flushedAt[i] >= sink.flushIntervalMillis()) {
                long holds = Math.max(through[i], lastRead);
                state.committed(sink.name(), holds, sink.flush());
                through[i] = holds;
                flushedAt[i] = now;
                flushed[i] = true;
            }
        }
        commitPoint.commit(state);
        for (int i = 0; i < sinks.size(); i++) {
            if (flushed[i]) {
                sinks.get(i).committed();
            }
        }
    }

    /**
     * The queue has nothing new: the sinks that lag behind what was read are flushed once they are due, so that
     * what they hold (alerts) is never kept back for lack of traffic.
     */
    void idle() throws IOException {
        long now = System.currentTimeMillis();
        for (int i = 0; i < sinks.size(); i++) {
            if (through[i] < lastRead && now - flushedAt[i] >= sinks.get(i).flushIntervalMillis()) {
                commit(false);
                return;
            }
        }
    }

    /**
     * The run ends cleanly: every sink is flushed up to the last document read, brings its derived files up to
     * date, and closes.
     */
    void finish() throws IOException {
        commit(true);
        for (Sink sink : sinks) {
            sink.finish();
        }
        for (Sink sink : sinks) {
            sink.close();
        }
    }

    /**
     * The run failed before its last commit: every sink is closed as it is, to be rolled back to the checkpoint
     * by the next run.
     */
    void abandon() {
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (IOException | RuntimeException ignored) {
                // The next run rolls this sink back from the checkpoint whatever state it was left in.
            }
        }
    }

    /** This collection's sink of the given type (the rollups, for the summary). */
    <T extends Sink> T sink(Class<T> type) {
        for (Sink sink : sinks) {
            if (type.isInstance(sink)) {
                return type.cast(sink);
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName());
    }
}
