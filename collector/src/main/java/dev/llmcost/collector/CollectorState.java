package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.kafka.ShardPosition;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.llmcost.collector.read.JsonFields.text;

/**
 * Everything the collector must remember between runs, saved whole in one checkpoint with the queue position it
 * corresponds to: where reading stopped, every sink's durable position, the rejected records' files, the latest
 * counters of each agent, and what the totals do not cover. Only this class changes it; the checkpoint file holds
 * what {@link #toJson()} gives.
 */
public final class CollectorState {

    /** Version 2 keeps a position per sink; version 1 (one list of file lengths, the rollups) is read and moved. */
    static final int VERSION = 2;

    /** The latest counters one agent wrote (cumulative since it started). */
    public record AgentStatus(String service, long pid, long timestampMillis, Map<String, Long> counters) {
    }

    private final String queueDirectory;
    /** Index of the last queue document processed; -1 before the first. */
    private long lastIndex = -1;
    /** Each sink's durable position, and the index of the last queue document it holds (it may lag behind). */
    private final Map<String, SinkCommit> sinks = new TreeMap<>();

    /** What one sink has made durable: everything up to queue document {@code throughIndex}, at {@code position}. */
    public record SinkCommit(long throughIndex, JsonNode position) {
    }
    /** Committed lengths of the {@code rejected/} files (records that could not be read are not a sink's). */
    private final Map<String, Long> rejectedFiles = new TreeMap<>();
    /**
     * Day files a reprice has written in full beside the originals ({@code ledger/D.jsonl.repriced}) and committed,
     * still to be moved over them: a redo log, finished before anything else touches the directory.
     */
    private final List<String> pendingRenames = new ArrayList<>();
    private final Map<String, AgentStatus> agents = new TreeMap<>();
    /** Calls with usage but no price, by "provider model". */
    private final Map<String, Long> unpriced = new TreeMap<>();
    /** Ledger calls whose usage was not reported, by usage status ({@code malformed}, {@code incomplete}…). */
    private final Map<String, Long> withoutUsage = new TreeMap<>();
    /** Queue records refused, by reason. */
    private final Map<String, Long> rejectedReasons = new TreeMap<>();
    /** Calls that cost more than the warning threshold: the costliest few, and how many in all. */
    private final ExpensiveCalls expensiveCalls = new ExpensiveCalls();
    private long records;
    private long ledgerRows;
    private long errorRows;
    private long rejectedRecords;
    /** For an output collected from Kafka: the shard's offsets, committed with the files; else {@code null}. */
    private ShardPosition kafka;

    public CollectorState(String queueDirectory) {
        this.queueDirectory = queueDirectory;
    }

    public String queueDirectory() {
        return queueDirectory;
    }

    public long lastIndex() {
        return lastIndex;
    }

    /** One queue document read (whatever it held). */
    void read(long index) {
        records++;
        lastIndex = index;
    }

    /** A priced call, as every sink was given it: what the totals do not cover is counted. */
    void priced(PricedCall priced) {
        if (priced.errorResponse()) {
            errorRows++;
            return;
        }
        ledgerRows++;
        if (priced.unpriced()) {
            unpriced.merge(priced.call().provider() + " " + priced.call().model(), 1L, Long::sum);
        }
        if (priced.call().usageStatus() != UsageStatus.REPORTED) {
            withoutUsage.merge(priced.call().usageStatus().wireName(), 1L, Long::sum);
        }
        if (priced.costUsd() != null) {
            expensiveCalls.addIfOver(ExpensiveCalls.Call.of(priced));
        }
    }

    /** A call priced again by a reprice: the count of unpriced calls by model follows the ledger. */
    void repriced(boolean wasUnpriced, PricedCall priced) {
        String model = priced.call().provider() + " " + priced.call().model();
        if (wasUnpriced) {
            unpriced.computeIfPresent(model, (k, count) -> count <= 1 ? null : count - 1);
        }
        if (priced.unpriced()) {
            unpriced.merge(model, 1L, Long::sum);
        }
    }

    void counters(CountersRecord counters) {
        AgentStatus previous = agents.get(counters.agentId());
        if (previous == null || previous.timestampMillis() <= counters.timestampMillis()) {
            agents.put(counters.agentId(), new AgentStatus(counters.service(), counters.pid(),
                    counters.timestampMillis(), counters.counters()));
        }
    }

    /** A queue record that could not be read, grouped by what is wrong. */
    void rejected(String reason) {
        rejectedRecords++;
        rejectedReasons.merge(reason, 1L, Long::sum);
    }

    void committed(String sink, long throughIndex, JsonNode position) {
        sinks.put(sink, new SinkCommit(throughIndex, position));
    }

    /** The sink's last commit, or {@code null} when the sink was never committed here. */
    public SinkCommit sink(String sink) {
        return sinks.get(sink);
    }

    /** A sink no longer configured: enabled again, it starts as if new. */
    void forgetSink(String sink) {
        sinks.remove(sink);
    }

    java.util.Set<String> sinkNames() {
        return java.util.Set.copyOf(sinks.keySet());
    }

    Map<String, Long> rejectedFiles() {
        return rejectedFiles;
    }

    /** Day files ({@code ledger/D.jsonl}) a reprice committed beside the old ones and has still to rename over them. */
    public List<String> pendingRenames() {
        return Collections.unmodifiableList(pendingRenames);
    }

    void pendingRenames(List<String> files) {
        pendingRenames.clear();
        pendingRenames.addAll(files);
    }

    public ExpensiveCalls expensiveCalls() {
        return expensiveCalls;
    }

    public Map<String, AgentStatus> agents() {
        return Collections.unmodifiableMap(agents);
    }

    public Map<String, Long> unpriced() {
        return Collections.unmodifiableMap(unpriced);
    }

    public Map<String, Long> withoutUsage() {
        return Collections.unmodifiableMap(withoutUsage);
    }

    public Map<String, Long> rejectedReasons() {
        return Collections.unmodifiableMap(rejectedReasons);
    }

    public long records() {
        return records;
    }

    public long ledgerRows() {
        return ledgerRows;
    }

    public long errorRows() {
        return errorRows;
    }

    public long rejectedRecords() {
        return rejectedRecords;
    }

    public ShardPosition kafka() {
        return kafka;
    }

    void kafka(ShardPosition position) {
        this.kafka = position;
    }

    /** The sum of one counter over every agent's latest counters. */
    public long agentCounter(String name) {
        return agents.values().stream().mapToLong(agent -> agent.counters().getOrDefault(name, 0L)).sum();
    }

    /**
     * Several shards' states as one, for the commands that read several output directories (collectors in one
     * consumer group, each with its own checkpoint): records, rows, rejected and unpriced calls added; each agent's
     * latest counters (they are cumulative since the agent started, and an agent's records can move from one shard
     * to another when the group rebalances, so the latest is right and a sum would count twice); the costliest
     * calls of all. Queue and sink positions are each shard's own: the merged state has none, and is never saved.
     */
    public static CollectorState merged(List<CollectorState> shards) {
        CollectorState merged = new CollectorState(null);
        if (!shards.isEmpty()) {
            merged.expensiveCalls.threshold(shards.get(0).expensiveCalls.threshold());
        }
        for (CollectorState shard : shards) {
            merged.records += shard.records;
            merged.ledgerRows += shard.ledgerRows;
            merged.errorRows += shard.errorRows;
            merged.rejectedRecords += shard.rejectedRecords;
            shard.unpriced.forEach((model, count) -> merged.unpriced.merge(model, count, Long::sum));
            shard.withoutUsage.forEach((status, count) -> merged.withoutUsage.merge(status, count, Long::sum));
            shard.rejectedReasons.forEach((reason, count) -> merged.rejectedReasons.merge(reason, count, Long::sum));
            shard.agents.forEach((id, agent) -> merged.agents.merge(id, agent,
                    (kept, other) -> other.timestampMillis() > kept.timestampMillis() ? other : kept));
            merged.expensiveCalls.addAll(shard.expensiveCalls);
        }
        return merged;
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("queue_directory", queueDirectory);
        root.put("last_index", lastIndex);
        if (kafka != null) {
            root.set("kafka", kafka.toJson());
        }
        ObjectNode sinksNode = root.putObject("sinks");
        sinks.forEach((name, commit) -> {
            ObjectNode sink = sinksNode.putObject(name);
            sink.put("through_index", commit.throughIndex());
            sink.set("position", commit.position());
        });
        ObjectNode rejected = root.putObject("rejected_files");
        rejectedFiles.forEach(rejected::put);
        ObjectNode counts = root.putObject("counts");
        counts.put("records", records);
        counts.put("ledger_rows", ledgerRows);
        counts.put("error_rows", errorRows);
        counts.put("rejected_records", rejectedRecords);
        ArrayNode pending = root.putArray("pending_renames");
        pendingRenames.forEach(pending::add);
        ObjectNode unpricedNode = root.putObject("unpriced");
        unpriced.forEach(unpricedNode::put);
        ObjectNode withoutUsageNode = root.putObject("without_usage");
        withoutUsage.forEach(withoutUsageNode::put);
        ObjectNode reasons = root.putObject("rejected_reasons");
        rejectedReasons.forEach(reasons::put);
        ObjectNode expensive = root.putObject("expensive_calls");
        expensive.put("threshold_usd", Money.plain(expensiveCalls.threshold()));
        expensive.put("count", expensiveCalls.count());
        ArrayNode costliest = expensive.putArray("costliest");
        for (ExpensiveCalls.Call call : expensiveCalls.costliest()) {
            ObjectNode node = costliest.addObject();
            node.put("event_id", call.eventId());
            node.put("day", call.day());
            node.put("provider", call.provider());
            node.put("model", call.model());
            node.put("cost_usd", Money.plain(call.costUsd()));
            node.put("feature", call.feature());
            node.put("customer", call.customer());
        }
        ObjectNode agentsNode = root.putObject("agents");
        agents.forEach((id, agent) -> {
            ObjectNode node = agentsNode.putObject(id);
            node.put("service", agent.service());
            node.put("pid", agent.pid());
            node.put("timestamp_ms", agent.timestampMillis());
            ObjectNode counters = node.putObject("counters");
            agent.counters().forEach(counters::put);
        });
        return root;
    }

    public static CollectorState fromJson(JsonNode root, String where) throws IOException {
        int version = root.path("version").asInt();
        if (version != VERSION && version != 1) {
            throw new IOException("the checkpoint " + where + " has version " + root.path("version")
                    + "; this collector reads versions 1 and " + VERSION);
        }
        CollectorState state = new CollectorState(root.path("queue_directory").asText(null));
        state.lastIndex = root.path("last_index").asLong(-1);
        state.kafka = ShardPosition.fromJson(root.get("kafka"));
        if (version == 1) {
            movePositionsOfVersion1(root, state);
        } else {
            root.path("sinks").fields().forEachRemaining(f -> state.sinks.put(f.getKey(), new SinkCommit(
                    f.getValue().path("through_index").asLong(state.lastIndex), f.getValue().path("position"))));
            root.path("rejected_files").fields().forEachRemaining(f -> state.rejectedFiles.put(f.getKey(),
                    f.getValue().asLong()));
        }
        JsonNode counts = root.path("counts");
        state.records = counts.path("records").asLong();
        state.ledgerRows = counts.path("ledger_rows").asLong();
        state.errorRows = counts.path("error_rows").asLong();
        state.rejectedRecords = counts.path("rejected_records").asLong();
        root.path("unpriced").fields().forEachRemaining(f -> state.unpriced.put(f.getKey(), f.getValue().asLong()));
        root.path("without_usage").fields().forEachRemaining(f -> state.withoutUsage.put(f.getKey(),
                f.getValue().asLong()));
        root.path("rejected_reasons").fields().forEachRemaining(f -> state.rejectedReasons.put(f.getKey(),
                f.getValue().asLong()));
        JsonNode expensive = root.path("expensive_calls");
        List<ExpensiveCalls.Call> costliest = new ArrayList<>();
        expensive.path("costliest").forEach(call -> costliest.add(new ExpensiveCalls.Call(text(call, "event_id"),
                text(call, "day"), text(call, "provider"), text(call, "model"),
                new BigDecimal(call.path("cost_usd").asText()), text(call, "feature"), text(call, "customer"))));
        state.expensiveCalls.restore(new BigDecimal(expensive.path("threshold_usd").asText("100")),
                expensive.path("count").asLong(), costliest);
        root.path("pending_renames").forEach(name -> state.pendingRenames.add(name.asText()));
        root.path("agents").fields().forEachRemaining(f -> {
            JsonNode agent = f.getValue();
            Map<String, Long> counters = new LinkedHashMap<>();
            agent.path("counters").fields().forEachRemaining(c -> counters.put(c.getKey(), c.getValue().asLong()));
            state.agents.put(f.getKey(), new AgentStatus(agent.path("service").asText(null),
                    agent.path("pid").asLong(), agent.path("timestamp_ms").asLong(), counters));
        });
        return state;
    }

    /** Version 1 kept one map of file lengths for every directory and the rollup rows at the top level. */
    private static void movePositionsOfVersion1(JsonNode root, CollectorState state) {
        ObjectNode ledger = JsonNodeFactory.instance.objectNode();
        ObjectNode errors = JsonNodeFactory.instance.objectNode();
        ObjectNode ledgerFiles = ledger.putObject("files");
        ObjectNode errorFiles = errors.putObject("files");
        root.path("file_lengths").fields().forEachRemaining(f -> {
            String name = f.getKey();
            if (name.startsWith("ledger/")) {
                ledgerFiles.put(name, f.getValue().asLong());
            } else if (name.startsWith("errors/")) {
                errorFiles.put(name, f.getValue().asLong());
            } else {
                state.rejectedFiles.put(name, f.getValue().asLong());
            }
        });
        state.sinks.put("ledger", new SinkCommit(state.lastIndex, ledger));
        state.sinks.put("errors", new SinkCommit(state.lastIndex, errors));
        ObjectNode rollups = JsonNodeFactory.instance.objectNode();
        rollups.set("rows", root.path("rollups").isArray() ? root.path("rollups")
                : JsonNodeFactory.instance.arrayNode());
        state.sinks.put("rollups", new SinkCommit(state.lastIndex, rollups));
    }
}
