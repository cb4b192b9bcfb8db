package dev.llmcost.collector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.price.PricedCall;

import java.io.IOException;

/**
 * One output of the collector: the ledger, the error responses, the rollups, the budgets and alerts — and any added
 * later (Kafka, a database). Every sink is given every priced call in queue order; a batch is committed by
 * flushing every sink and saving, in one checkpoint, the queue position with each sink's own durable position.
 * After a crash the collector rolls each sink back to the position of the last checkpoint and reads the queue
 * from there, so each sink holds every call exactly once.
 */
public interface Sink extends AutoCloseable {

    /** Its name in the checkpoint; stable across versions. */
    String name();

    /** Takes one priced call. Nothing need be durable until {@link #flush()}. */
    void accept(PricedCall call) throws IOException;

    /**
     * Makes everything accepted so far durable and returns the position it is durable up to, as the sink wants
     * it kept (file lengths, totals, alert state): saved in the checkpoint, handed back to {@link #rollBack}.
     */
    JsonNode flush() throws IOException;

    /**
     * Returns to {@code position}, as a previous {@link #flush()} returned it: anything written after it (a batch
     * that was not committed) is undone. Called once, before the first call, when the checkpoint has a position
     * for this sink. Returns {@code false} when the sink started afresh from the ledger instead, as {@link #start}
     * does (budgets whose file changed): it then holds what the ledger holds, and is given only what comes after.
     */
    boolean rollBack(JsonNode position) throws IOException;

    /**
     * Called once, before the first call, when the checkpoint has no position for this sink: a sink enabled on an
     * output directory that was collected without it; its ledger holds what was collected before. The default
     * starts from now; a sink whose figures need what came before (budgets) reads it from the ledger.
     */
    default void start(java.nio.file.Path outputDirectory) throws IOException {
    }

    /**
     * How often the sink wants to be flushed: 0 for every batch (the ledger), more for a sink whose flush costs more
     * than a batch's worth of work (it then lags behind the queue position by at most this long, and a restart
     * gives it again what came after its own last commit).
     */
    default long flushIntervalMillis() {
        return 0;
    }

    /** After a checkpoint was saved: files derived from committed state only (a CSV of the rollups) are rewritten. */
    default void committed() throws IOException {
    }

    /** After the last commit of a run that ends cleanly: derived files are brought up to date. */
    default void finish() throws IOException {
    }

    @Override
    void close() throws IOException;
}
