package dev.llmcost.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * Anthropic's {@code usage}: {@code input_tokens} excludes cache reads and writes, so the ledger's input is
 * their sum. {@code cache_creation} splits the writes into five-minute and one-hour ones, priced apart. Thinking
 * is inside {@code output_tokens}, with no separate count.
 *
 * <p>An instance gathers the counts of a stream's events: a count absent from an event keeps its value.
 */
public final class AnthropicUsage {

    private Long input;
    private Long output;
    private Long cacheRead;
    private Long cacheWrite;
    private Long cacheWrite1h;

    public static Usage read(JsonNode usage) {
        AnthropicUsage counts = new AnthropicUsage();
        counts.merge(usage);
        return counts.toUsage();
    }

    /**
     * Lays the counts present in {@code usage} over these: a stream's {@code message_delta} repeats the
     * cumulative totals of what changed since {@code message_start}.
     */
    public void merge(JsonNode usage) {
        if (usage == null) {
            return;
        }
        input = orElse(Json.integer(usage, "input_tokens"), input);
        output = orElse(Json.integer(usage, "output_tokens"), output);
        cacheRead = orElse(Json.integer(usage, "cache_read_input_tokens"), cacheRead);
        cacheWrite = orElse(Json.integer(usage, "cache_creation_input_tokens"), cacheWrite);
        cacheWrite1h = orElse(Json.integer(Json.object(usage, "cache_creation"), "ephemeral_1h_input_tokens"),
                cacheWrite1h);
    }

    /** The usage in the ledger's terms, or {@code null} while neither input nor output has been counted. */
    public Usage toUsage() {
        if (input == null && output == null) {
            return null;
        }
        long read = orZero(cacheRead);
        long write = orZero(cacheWrite);
        return new Usage(orZero(input) + read + write, orZero(output), read, write, 0, orZero(cacheWrite1h));
    }

    private static Long orElse(Long value, Long previous) {
        return value != null ? value : previous;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
