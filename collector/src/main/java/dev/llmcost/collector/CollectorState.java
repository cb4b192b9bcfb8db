package dev.llmcost.collector;

import dev.llmcost.collector.aggregate.DailyRollups;
import dev.llmcost.collector.aggregate.ExpensiveCalls;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the collector must remember between runs, saved whole in one checkpoint together with the
 * queue position it corresponds to: what was read, the committed length of every output file, the rollups,
 * the latest counters of each agent, and the models that could not be priced.
 */
public final class CollectorState {

    /** The latest counters one agent wrote (cumulative since it started). */
    public record AgentStatus(String service, long pid, long timestampMillis, Map<String, Long> counters) {
    }

    public String queueDirectory;
    /** Index of the last queue document processed; -1 before the first. */
    public long lastIndex = -1;
    public final Map<String, Long> fileLengths = new TreeMap<>();
    /**
     * Day files a reprice has written in full beside the originals ({@code ledger/D.jsonl.repriced}) and committed,
     * still to be moved over them: a redo log, finished before anything else touches the directory.
     */
    public final java.util.List<String> pendingRenames = new java.util.ArrayList<>();
    public final DailyRollups rollups = new DailyRollups();
    public final Map<String, AgentStatus> agents = new TreeMap<>();
    /** Calls with usage but no price, by "provider model". */
    public final Map<String, Long> unpriced = new TreeMap<>();
    /** Ledger calls whose usage was not reported, by usage status ({@code malformed}, {@code incomplete}…). */
    public final Map<String, Long> withoutUsage = new TreeMap<>();
    /** Queue records refused, by reason. */
    public final Map<String, Long> rejectedReasons = new TreeMap<>();
    /** Calls that cost more than the warning threshold: the costliest few, and how many in all. */
    public final ExpensiveCalls expensiveCalls = new ExpensiveCalls();
    public long records;
    public long ledgerRows;
    public long errorRows;
    public long rejectedRecords;
}
