package dev.llmcost.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.price.Pricer;
import dev.llmcost.collector.read.QueueReader;
import dev.llmcost.collector.write.LedgerJson;
import dev.llmcost.collector.write.RollupCsv;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One collector run over the stages read → price → aggregate → write, committed batch by batch. A batch is
 * committed by syncing its output files and then replacing the checkpoint; see {@link OutputDirectory} for
 * what a restart does with anything written after the last commit.
 */
final class Collection {

    private static final JsonFactory JSON = new JsonFactory();

    private final OutputDirectory output;
    private final CollectorState state;
    private final Pricer pricer;
    private final int batchSize;
    private final PrintStream err;
    private long recordsThisRun;

    Collection(OutputDirectory output, CollectorState state, Pricer pricer, int batchSize, BigDecimal warnCallUsd,
               PrintStream err) {
        this.output = output;
        this.state = state;
        this.pricer = pricer;
        this.batchSize = batchSize;
        state.expensiveCalls.threshold(warnCallUsd);
        this.err = err;
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
            state.lastIndex = document.index();
            read++;
        }
        if (read > 0) {
            commit();
            recordsThisRun += read;
        }
        return read;
    }

    private void process(QueueReader.Document document) {
        state.records++;
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
            if (priced.errorResponse()) {
                output.errors.append(priced.day(), LedgerJson.line(priced));
                state.errorRows++;
            } else {
                output.ledger.append(priced.day(), LedgerJson.line(priced));
                state.rollups.add(priced);
                state.ledgerRows++;
                if (priced.unpriced()) {
                    state.unpriced.merge(call.provider() + " " + call.model(), 1L, Long::sum);
                }
                if (call.usageStatus() != UsageStatus.REPORTED) {
                    state.withoutUsage.merge(call.usageStatus().wireName(), 1L, Long::sum);
                }
                if (priced.costUsd() != null) {
                    state.expensiveCalls.addIfOver(ExpensiveCalls.Call.of(priced));
                }
            }
        } else if (record instanceof CountersRecord counters) {
            CollectorState.AgentStatus previous = state.agents.get(counters.agentId());
            if (previous == null || previous.timestampMillis() <= counters.timestampMillis()) {
                state.agents.put(counters.agentId(), new CollectorState.AgentStatus(counters.service(),
                        counters.pid(), counters.timestampMillis(), counters.counters()));
            }
        }
    }

    /** An unreadable record is kept, whole, in {@code rejected/}, and the collector moves on. */
    private void reject(QueueReader.Document document, String reason) {
        state.rejectedRecords++;
        // Grouped by what is wrong, not where: "not valid JSON (at line 1, column 7)" counts as "not valid JSON".
        int detail = reason.indexOf(" (");
        state.rejectedReasons.merge(detail > 0 ? reason.substring(0, detail) : reason, 1L, Long::sum);
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
        state.fileLengths.putAll(output.ledger.flush());
        state.fileLengths.putAll(output.errors.flush());
        state.fileLengths.putAll(output.rejected.flush());
        output.checkpoint.save(state);
        writeDerivedFiles();
    }

    /** Files computed from the checkpointed state: rewritten after each commit, and at start. */
    void writeDerivedFiles() throws IOException {
        RollupCsv.write(output.root.resolve("rollups").resolve("daily.csv"), state.rollups);
    }
}
