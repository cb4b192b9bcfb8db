package dev.llmcost.agent.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;

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
        Long prompt = Json.integer(metadata, "promptTokenCount");
        Long candidates = Json.integer(metadata, "candidatesTokenCount");
        Long thoughts = Json.integer(metadata, "thoughtsTokenCount");
        if (prompt == null && candidates == null && thoughts == null) {
            return null;
        }
        long toolPrompt = orZero(Json.integer(metadata, "toolUsePromptTokenCount"));
        return new Usage(orZero(prompt) + toolPrompt, orZero(candidates) + orZero(thoughts),
                orZero(Json.integer(metadata, "cachedContentTokenCount")), 0, orZero(thoughts));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
