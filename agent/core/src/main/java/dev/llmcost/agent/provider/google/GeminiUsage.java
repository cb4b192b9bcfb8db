package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.InvalidCountException;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.provider.Usage;

/**
 * Google's {@code usageMetadata}. {@code promptTokenCount} already includes {@code cachedContentTokenCount};
 * tool-use prompt tokens are counted apart and billed as input. {@code thoughtsTokenCount} is not inside
 * {@code candidatesTokenCount} but is billed as output, so output is their sum and the thoughts are its
 * reasoning part.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    /** The usage, or {@code null} when the metadata carries no counts (Vertex's intermediate chunks). */
    static Usage read(JsonNode metadata) {
        if (metadata == null) {
            return null;
        }
        Long prompt = TokenCount.read(metadata, "promptTokenCount");
        Long candidates = TokenCount.read(metadata, "candidatesTokenCount");
        Long thoughts = TokenCount.read(metadata, "thoughtsTokenCount");
        if (prompt == null && candidates == null && thoughts == null) {
            return null;
        }
        if (prompt == null) {
            throw new InvalidCountException(
                    "token count promptTokenCount is missing beside the other counts");
        }
        Long toolPrompt = TokenCount.read(metadata, "toolUsePromptTokenCount");
        return new Usage(TokenCount.sum("promptTokenCount and toolUsePromptTokenCount", orZero(prompt),
                orZero(toolPrompt)), TokenCount.sum("candidatesTokenCount and thoughtsTokenCount", orZero(candidates),
                orZero(thoughts)), orZero(TokenCount.read(metadata, "cachedContentTokenCount")), 0, orZero(thoughts));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
