package dev.llmcost.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

/**
 * Anthropic's {@code usage}: {@code input_tokens} excludes cache reads and writes, so the ledger's input is
 * their sum. {@code cache_creation} splits the writes into five-minute and one-hour ones, priced apart. Thinking
 * is inside {@code output_tokens}, with no separate count.
 *
 * <p>An instance gathers the counts of a stream's events: a count absent from an event keeps its value. In a
 * message and in {@code message_start} both totals are always there (absent or null, they are refused); a
 * {@code message_delta} leaves out, or sends null for, what it does not update.
 */
public final class AnthropicUsage {

    private Long input;
    private Long output;
    private Long cacheRead;
    private Long cacheWrite;
    private Long cacheWrite1h;

    public static Usage read(JsonNode usage) {
        AnthropicUsage counts = new AnthropicUsage();
        counts.merge(usage, false);
        return counts.toUsage();
    }

    /**
     * Lays the counts present in {@code usage} over these: a stream's {@code message_delta} repeats the
     * cumulative totals of what changed since {@code message_start}.
     *
     * @param delta the usage of a {@code message_delta}, where null means "unchanged"
     */
    public void merge(JsonNode usage, boolean delta) {
        if (usage == null) {
            return;
        }
        input = delta ? orElse(TokenCount.readNullable(usage, "input_tokens"), input)
                : (Long) TokenCount.require(usage, "input_tokens");
        output = delta ? orElse(TokenCount.readNullable(usage, "output_tokens"), output)
                : (Long) TokenCount.require(usage, "output_tokens");
        cacheRead = orElse(TokenCount.readNullable(usage, "cache_read_input_tokens"), cacheRead);
        cacheWrite = orElse(TokenCount.readNullable(usage, "cache_creation_input_tokens"), cacheWrite);
        cacheWrite1h = orElse(TokenCount.readNullable(Json.object(usage, "cache_creation"),
                "ephemeral_1h_input_tokens"), cacheWrite1h);
    }

    /** The usage in the ledger's terms, or {@code null} while neither input nor output has been counted. */
    public Usage toUsage() {
        if (input == null && output == null) {
            return null;
        }
        long read = orZero(cacheRead);
        long write = orZero(cacheWrite);
        return new Usage(TokenCount.sum("input_tokens, cache_read_input_tokens and cache_creation_input_tokens",
                orZero(input), read, write), orZero(output), read, write, 0, orZero(cacheWrite1h));
    }

    private static Long orElse(Long value, Long previous) {
        return value != null ? value : previous;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
