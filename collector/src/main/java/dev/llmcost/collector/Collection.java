package dev.llmcost.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.price.Pricer;
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
 * flushing every sink and then replacing the checkpoint with the queue position and every sink's durable
 * position; on start, each sink is rolled back to its position of the last commit (or started, when this output
 * directory was collected without it), so a restart redoes what came after the last commit once.
 */
final class Collection {

    private static final JsonFactory JSON = new JsonFactory();

    private final OutputDirectory output;
    private final CollectorState state;
    private final Pricer pricer;
    private final int batchSize;
    private final PrintStream err;
    private final List<Sink> sinks;
    private long recordsThisRun;

    Collection(OutputDirectory output, CollectorState state, Pricer pricer, int batchSize, BigDecimal warnCallUsd,
               List<Sink> sinks, PrintStream err) {
        this.output = output;
        this.state = state;
        this.pricer = pricer;
        this.batchSize = batchSize;
        this.sinks = sinks;
        state.expensiveCalls().threshold(warnCallUsd);
        this.err = err;
    }

    /** Puts every sink at the last commit's position, and the sinks new to this directory at its end. */
    void resume() throws IOException {
        output.rollBackRejected(state, err);
        boolean started = false;
        for (Sink sink : sinks) {
            JsonNode position = state.sinkPosition(sink.name());
            if (position != null) {
                sink.rollBack(position);
            } else {
                sink.start(output.root);
                started = true;
            }
        }
        if (started) {
            commit();
        } else {
            for (Sink sink : sinks) {
                sink.committed();
            }
        }
    }

    long recordsThisRun() {
        return recordsThisRun;
    }

    /** Reads and commits one batch; returns how many documents it held (0: the queue has nothing new). */
    int processBatch(QueueReader reader) throws IOException {
        int read = 0;
        QueueReader.Document document;
        while (read < batchSize && (document = reader.next()) != null) {
            process(document);
            read++;
        }
        if (read > 0) {
            commit();
            recordsThisRun += read;
        }
        return read;
    }

    private void process(QueueReader.Document document) throws IOException {
        state.read(document.index());
        if (document.unreadable()) {
            reject(document, "a corrupt queue excerpt: its bytes cannot be read, the records after it are");
            return;
        }
        QueueRecord record;
        try {
            record = QueueRecordCodec.fromJson(document.bytes(), 0, document.bytes().length);
        } catch (RuntimeException unreadable) {
            reject(document, unreadable.getMessage());
            return;
        }
        if (record instanceof CallRecord call) {
            PricedCall priced = pricer.price(call);
            state.priced(priced);
            for (Sink sink : sinks) {
                sink.accept(priced);
            }
        } else if (record instanceof CountersRecord counters) {
            state.counters(counters);
        }
    }

    /** An unreadable record is kept, whole, in {@code rejected/}, and the collector moves on. */
    private void reject(QueueReader.Document document, String reason) {
        // Grouped by what is wrong, not where: "not valid JSON (at line 1, column 7)" counts as "not valid JSON".
        int detail = reason.indexOf(" (");
        state.rejected(detail > 0 ? reason.substring(0, detail) : reason);
        err.println("llmcost: warning: queue record " + Long.toHexString(document.index()) + " is unreadable ("
                + reason + "); kept in " + output.rejected.directory());
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("queue_index", Long.toHexString(document.index()));
            json.writeStringField("reason", reason);
            json.writeStringField("record", document.text());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output.rejected.append(LocalDate.now(ZoneOffset.UTC), line.toString());
    }

    private void commit() throws IOException {
        state.rejectedFiles().putAll(output.rejected.flush());
        for (Sink sink : sinks) {
            state.sinkPosition(sink.name(), sink.flush());
        }
        output.checkpoint.save(state);
        for (Sink sink : sinks) {
            sink.committed();
        }
    }

    /** The run ends cleanly after its last commit: every sink brings its derived files up to date, and closes. */
    void finish() throws IOException {
        for (Sink sink : sinks) {
            sink.finish();
        }
        for (Sink sink : sinks) {
            sink.close();
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
