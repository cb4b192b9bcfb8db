package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.BodyOverLimitException;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.queue.UsageStatus;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reading a response that is one JSON document: the same outcomes for every format. */
public final class Documents {

    /** An error type is an identifier ({@code rate_limit_exceeded}, {@code RESOURCE_EXHAUSTED}); nothing else is kept. */
    private static final Pattern ERROR_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private Documents() {
    }

    /**
     * Model and usage from a one-document body: {@code model} and {@code usage} read the parsed skeleton. For a
     * body over the capture limit, the skeleton holds the head's fields and the last top-level fields from the
     * first of {@code tailKeys} on: the API's own place for usage.
     *
     * <p>A body that is not JSON is malformed (incomplete when the application stopped reading it); a count that is
     * not a count makes the call malformed, with the model kept; a body over the limit whose usage is in neither
     * its head nor its tail was not captured.
     */
    public static ResponseFacts read(CapturedResponse response, List<String> tailKeys, boolean withArrays,
                                     Function<JsonNode, String> model, Function<JsonNode, Usage> usage) {
        return readDocument(response, tailKeys, withArrays, model,
                document -> document.usageFields() == null ? null : usage.apply(document.usageFields()));
    }

    /** As {@link #read}, for a format whose usage depends on the document's other fields too. */
    public static ResponseFacts readDocument(CapturedResponse response, List<String> tailKeys, boolean withArrays,
                                             Function<JsonNode, String> model,
                                             Function<CapturedBody.Document, Usage> usage) {
        CapturedBody.Document document;
        try {
            document = response.body().document(tailKeys, withArrays);
        } catch (MalformedBodyException e) {
            return unreadable(response, e);
        }
        String name = model.apply(document.fields());
        Usage counts;
        try {
            counts = usage.apply(document);
        } catch (InvalidCountException e) {
            return ResponseFacts.without(name, UsageStatus.MALFORMED, e.getMessage());
        }
        ResponseFacts facts;
        if (counts != null) {
            facts = ResponseFacts.reported(name, counts);
        } else if (!response.ended()) {
            facts = ResponseFacts.without(name, UsageStatus.INCOMPLETE, "closed before its usage arrived");
        } else if (response.body().isWhole()) {
            facts = ResponseFacts.without(name, UsageStatus.MISSING, "response has no usage");
        } else {
            facts = ResponseFacts.without(name, UsageStatus.NOT_CAPTURED, response.body().overLimitNote(tailKeys));
        }
        return facts.withServiceTier(serviceTier(document.fields()));
    }

    /** Where providers say which service tier served a call: OpenAI at the top, Anthropic in its usage. */
    public static String serviceTier(JsonNode root) {
        String tier = Json.text(root, "service_tier");
        return tier != null ? tier : Json.text(Json.object(root, "usage"), "service_tier");
    }

    /**
     * A body that could not be read: incomplete if the application stopped reading early, not captured if it was
     * over the limit with its usage out of reach, else malformed (a document that ends before its JSON
     * does, though its transport ended cleanly, is the server's malformed body).
     */
    public static ResponseFacts unreadable(CapturedResponse response, MalformedBodyException e) {
        UsageStatus status = !response.ended() ? UsageStatus.INCOMPLETE
                : e instanceof BodyOverLimitException ? UsageStatus.NOT_CAPTURED : UsageStatus.MALFORMED;
        return ResponseFacts.without(null, status, e.getMessage());
    }

    /**
     * The error type of an error body in the common shape — {@code {"error": {"message": …, "type"|"code"|"status":
     * …}}} (OpenAI and its copies, Google) or {@code {"type": "error", "error": {…}}} (Anthropic) — or {@code null}
     * when the body is not such an error. Only the type or code is read, never the message.
     */
    public static String errorType(CapturedResponse response) {
        JsonNode root;
        try {
            root = response.body().document(List.of("error"), false).fields();
        } catch (MalformedBodyException notAnErrorBody) {
            return null;
        }
        JsonNode error = Json.object(root, "error");
        return error != null && error.has("message") ? errorTypeOf(error) : null;
    }

    /** The type of an {@code error} object: its {@code code}, {@code type} or {@code status}, whichever it names. */
    public static String errorTypeOf(JsonNode error) {
        for (String field : List.of("code", "type", "status")) {
            String type = Json.text(error, field);
            if (type != null) {
                return identifier(type);
            }
        }
        return "error";
    }

    /**
     * An error type as a provider names it ({@code rate_limit_exceeded}, {@code overloaded_error},
     * {@code ThrottlingException}), or {@code "error"} for anything that is not an identifier: only identifiers
     * are kept, never a message.
     */
    public static String identifier(String named) {
        return named != null && ERROR_TYPE.matcher(named).matches() ? named : "error";
    }
}
