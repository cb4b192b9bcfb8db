package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The objects of a streamed JSON array as far as they are complete, and whether the array was closed (the
 * stream's end marker).
 */
public record JsonArrayStream(List<JsonNode> elements, boolean closed) {
}
