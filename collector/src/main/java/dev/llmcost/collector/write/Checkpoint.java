package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.CollectorState;
import dev.llmcost.collector.aggregate.ExpensiveCalls;
import dev.llmcost.collector.aggregate.RollupKey;
import dev.llmcost.collector.aggregate.RollupTotals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.llmcost.collector.read.JsonFields.text;

/**
 * The collector's commit point, {@code OUT/.llmcost/checkpoint.json}, replaced atomically after the output files
 * of a batch are synced. A restart truncates every output file back to the length recorded here and resumes the
 * queue after the recorded index: whatever happened after the last commit is redone once, and nothing before it
 * is redone at all.
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;

    public Checkpoint(Path outputDirectory) {
        this.file = outputDirectory.resolve(".llmcost").resolve("checkpoint.json");
    }

    public Path file() {
        return file;
    }

    public Optional<CollectorState> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("the checkpoint " + file + " is unreadable (" + e.getMessage() + ")", e);
        }
        if (root.path("version").asInt() != VERSION) {
            throw new IOException("the checkpoint " + file + " has version " + root.path("version")
                    + "; this collector reads version " + VERSION);
        }
        CollectorState state = new CollectorState();
        state.queueDirectory = root.path("queue_directory").asText(null);
        state.lastIndex = root.path("last_index").asLong(-1);
        root.path("file_lengths").fields().forEachRemaining(f -> state.fileLengths.put(f.getKey(), f.getValue().asLong()));
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
            state.agents.put(f.getKey(), new CollectorState.AgentStatus(agent.path("service").asText(null),
                    agent.path("pid").asLong(), agent.path("timestamp_ms").asLong(), counters));
        });
        for (JsonNode row : root.path("rollups")) {
            RollupKey key = new RollupKey(LocalDate.parse(row.path("day").asText()), text(row, "provider"),
                    text(row, "model"), text(row, "feature"), text(row, "customer"), text(row, "team"),
                    text(row, "environment"));
            RollupTotals totals = new RollupTotals();
            totals.calls = row.path("calls").asLong();
            totals.inputTokens = row.path("input_tokens").asLong();
            totals.outputTokens = row.path("output_tokens").asLong();
            totals.cacheReadTokens = row.path("cache_read_tokens").asLong();
            totals.cacheWriteTokens = row.path("cache_write_tokens").asLong();
            totals.reasoningTokens = row.path("reasoning_tokens").asLong();
            totals.costUsd = new BigDecimal(row.path("cost_usd").asText("0"));
            totals.unpricedCalls = row.path("unpriced_calls").asLong();
            totals.usageMissingCalls = row.path("usage_missing_calls").asLong();
            state.rollups.put(key, totals);
        }
        return Optional.of(state);
    }

    public void save(CollectorState state) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("queue_directory", state.queueDirectory);
        root.put("last_index", state.lastIndex);
        ObjectNode lengths = root.putObject("file_lengths");
        state.fileLengths.forEach(lengths::put);
        ObjectNode counts = root.putObject("counts");
        counts.put("records", state.records);
        counts.put("ledger_rows", state.ledgerRows);
        counts.put("error_rows", state.errorRows);
        counts.put("rejected_records", state.rejectedRecords);
        com.fasterxml.jackson.databind.node.ArrayNode pending = root.putArray("pending_renames");
        state.pendingRenames.forEach(pending::add);
        ObjectNode unpriced = root.putObject("unpriced");
        state.unpriced.forEach(unpriced::put);
        ObjectNode withoutUsage = root.putObject("without_usage");
        state.withoutUsage.forEach(withoutUsage::put);
        ObjectNode rejectedReasons = root.putObject("rejected_reasons");
        state.rejectedReasons.forEach(rejectedReasons::put);
        ObjectNode expensive = root.putObject("expensive_calls");
        expensive.put("threshold_usd", Money.plain(state.expensiveCalls.threshold()));
        expensive.put("count", state.expensiveCalls.count());
        ArrayNode costliest = expensive.putArray("costliest");
        for (ExpensiveCalls.Call call : state.expensiveCalls.costliest()) {
            ObjectNode node = costliest.addObject();
            node.put("event_id", call.eventId());
            node.put("day", call.day());
            node.put("provider", call.provider());
            node.put("model", call.model());
            node.put("cost_usd", Money.plain(call.costUsd()));
            node.put("feature", call.feature());
            node.put("customer", call.customer());
        }
        ObjectNode agents = root.putObject("agents");
        state.agents.forEach((id, agent) -> {
            ObjectNode node = agents.putObject(id);
            node.put("service", agent.service());
            node.put("pid", agent.pid());
            node.put("timestamp_ms", agent.timestampMillis());
            ObjectNode counters = node.putObject("counters");
            agent.counters().forEach(counters::put);
        });
        ArrayNode rollups = root.putArray("rollups");
        state.rollups.rows().forEach((key, totals) -> {
            ObjectNode row = rollups.addObject();
            row.put("day", key.day().toString());
            row.put("provider", key.provider());
            row.put("model", key.model());
            row.put("feature", key.feature());
            row.put("customer", key.customer());
            row.put("team", key.team());
            if (key.environment() != null) {
                row.put("environment", key.environment());
            }
            row.put("calls", totals.calls);
            row.put("input_tokens", totals.inputTokens);
            row.put("output_tokens", totals.outputTokens);
            row.put("cache_read_tokens", totals.cacheReadTokens);
            row.put("cache_write_tokens", totals.cacheWriteTokens);
            row.put("reasoning_tokens", totals.reasoningTokens);
            row.put("cost_usd", Money.plain(totals.costUsd));
            row.put("unpriced_calls", totals.unpricedCalls);
            row.put("usage_missing_calls", totals.usageMissingCalls);
        });
        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }
}
