package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.queue.UsageStatus;

import java.util.function.Function;

/** Reading a response that is one JSON document: the same three outcomes for every format. */
public final class Documents {

    private Documents() {
    }

    /**
     * Model and usage from a one-document body: {@code model} and {@code usage} read the parsed skeleton.
     * A body that is not JSON is malformed (or incomplete, when the application stopped reading it).
     */
    public static ResponseFacts read(CapturedResponse response, boolean withArrays,
                                     Function<JsonNode, String> model, Function<JsonNode, Usage> usage) {
        JsonNode root;
        try {
            root = withArrays ? response.body().jsonWithArrays() : response.body().json();
        } catch (MalformedBodyException e) {
            return unreadable(response, e);
        }
        String name = model.apply(root);
        Usage counts = usage.apply(root);
        ResponseFacts facts = counts != null ? ResponseFacts.reported(name, counts)
                : ResponseFacts.without(name, UsageStatus.MISSING, "response has no usage");
        return facts.withServiceTier(serviceTier(root));
    }

    /** Where providers say which service tier served a call: OpenAI at the top, Anthropic in its usage. */
    public static String serviceTier(JsonNode root) {
        String tier = Json.text(root, "service_tier");
        return tier != null ? tier : Json.text(Json.object(root, "usage"), "service_tier");
    }

    /** A body that could not be parsed: malformed if it ended, incomplete if the application stopped early. */
    public static ResponseFacts unreadable(CapturedResponse response, MalformedBodyException e) {
        return ResponseFacts.without(null, response.ended() ? UsageStatus.MALFORMED : UsageStatus.INCOMPLETE,
                e.getMessage());
    }
}
