package dev.llmcost.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MutableCounts;

/**
 * Anthropic's {@code usage}: {@code input_tokens} excludes cache reads and writes, so the ledger's input is
 * their sum. {@code cache_creation} splits the writes into five-minute and one-hour ones, priced apart. Thinking
 * is inside {@code output_tokens}, with no separate count.
 */
public final class AnthropicUsage {

    private AnthropicUsage() {
    }

    public static Usage read(JsonNode usage) {
        MutableCounts counts = new MutableCounts();
        merge(counts, usage);
        return toUsage(counts);
    }

    /**
     * Lays the counts present in {@code usage} over {@code counts}: a stream's {@code message_delta} repeats the
     * cumulative totals of what changed since {@code message_start}.
     */
    public static void merge(MutableCounts counts, JsonNode usage) {
        if (usage == null) {
            return;
        }
        counts.set("input", Json.integer(usage, "input_tokens"));
        counts.set("output", Json.integer(usage, "output_tokens"));
        counts.set("cache_read", Json.integer(usage, "cache_read_input_tokens"));
        counts.set("cache_write", Json.integer(usage, "cache_creation_input_tokens"));
        counts.set("cache_write_1h", Json.integer(Json.object(usage, "cache_creation"),
                "ephemeral_1h_input_tokens"));
    }

    public static Usage toUsage(MutableCounts counts) {
        Long input = counts.get("input");
        Long output = counts.get("output");
        if (input == null && output == null) {
            return null;
        }
        long cacheRead = counts.orZero("cache_read");
        long cacheWrite = counts.orZero("cache_write");
        return new Usage(counts.orZero("input") + cacheRead + cacheWrite, counts.orZero("output"), cacheRead,
                cacheWrite, 0, counts.orZero("cache_write_1h"));
    }
}
