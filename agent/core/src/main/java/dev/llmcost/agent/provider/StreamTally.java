package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.AwsEventMessage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import dev.llmcost.agent.provider.format.SseEvent;
import dev.llmcost.agent.queue.UsageStatus;

import java.util.function.Consumer;

/**
 * What a stream's events add up to. A stream is billed only by its <em>terminal</em> usage — the event each
 * provider sends once the call is over (OpenAI's usage chunk, Anthropic's last {@code message_delta} followed by
 * {@code message_stop}, Bedrock's {@code metadata} or {@code amazon-bedrock-invocationMetrics}, Gemini's chunk with a
 * {@code finishReason}, Ollama's {@code done} line). Counts seen before it (running totals, {@code message_start}'s
 * partial output) are {@link #partial partial}: they are never the call's usage, and a stream cut before its
 * terminal event is {@code incomplete} with what was seen said in its note. A provider's error event makes the call
 * {@code error}, a count that is not a count makes it {@code malformed}, and a corrupt frame is never read.
 */
public final class StreamTally {

    private String model;
    private Usage billed;
    private Usage partial;
    private Usage runningTotal;
    private boolean finished;
    private boolean cut;
    private String malformed;
    private String invalid;
    private String corrupt;
    private String failure;
    private String serviceTier;

    /**
     * Hands each SSE event's JSON data to {@code reader}, skipping events without data; the {@code [DONE]} marker
     * {@link #finished() finishes} the stream. An event that is not JSON is noted as malformed and the others still
     * count; an event the stream ended inside was cut and is not read. An event carrying an {@code error} object
     * with a message — how OpenAI and its copies, Anthropic and Google report an error mid-stream — is the
     * provider's error event.
     */
    public void readSseJson(CapturedResponse response, Consumer<JsonNode> reader) {
        readSseJson(response, false, (data, event) -> reader.accept(data));
    }

    /**
     * As {@link #readSseJson(CapturedResponse, Consumer)}, each event's data read with its arrays of objects or
     * not, and handed over with the event (to read again, whole, the few that need it).
     */
    public void readSseJson(CapturedResponse response, boolean withArrays, EventHandler reader) {
        for (SseEvent event : response.body().sseEvents()) {
            if (event.unterminated()) {
                cut();
            } else if (event.dataEquals("[DONE]")) {
                finished();
            } else if (event.hasData()) {
                read(() -> {
                    JsonNode data = withArrays ? event.jsonWithArrays() : event.json();
                    JsonNode error = Json.object(data, "error");
                    if (error != null && error.has("message")) {
                        failed(Documents.errorTypeOf(error));
                    }
                    reader.accept(data, event);
                });
            }
        }
    }

    /** Reads one SSE event's data. */
    @FunctionalInterface
    public interface EventHandler {
        void accept(JsonNode data, SseEvent event) throws MalformedBodyException;
    }

    /** Reads one event's counts: a count that is not a count, or an event that is not JSON, is noted. */
    public void read(EventReader event) {
        try {
            event.read();
        } catch (MalformedBodyException e) {
            malformed(e.getMessage());
        } catch (InvalidCountException e) {
            invalid(e.getMessage());
        } catch (RuntimeException unexpected) {
            malformed("unreadable event (" + unexpected.getClass().getSimpleName() + ")");
        }
    }

    /** One event's reading, which may find it unreadable. */
    @FunctionalInterface
    public interface EventReader {
        void read() throws MalformedBodyException;
    }

    public void model(String name) {
        if (model == null && name != null) {
            model = name;
        }
    }

    public void serviceTier(String tier) {
        if (tier != null) {
            serviceTier = tier;
        }
    }

    /** Counts seen before the terminal event: a running total, or the partial counts a stream starts with. */
    public void partial(Usage counts) {
        if (counts != null) {
            partial = counts;
        }
    }

    /** The latest partial counts, or {@code null}. */
    public Usage partial() {
        return partial;
    }

    /**
     * The last of counts the provider repeats on every event as running totals: billed once the stream finished
     * (its end marker arrived), partial if it was cut before.
     */
    public void runningTotal(Usage counts) {
        if (counts != null) {
            runningTotal = counts;
        }
    }

    /** The terminal usage arrived intact: these are the counts the provider bills. */
    public void billed(Usage counts) {
        if (counts != null) {
            billed = counts;
            finished = true;
        }
    }

    /** The provider's end of stream arrived (with or without usage): a stream without usage is then missing it. */
    public void finished() {
        finished = true;
    }

    /** The stream ended inside an event or a frame: it was cut. */
    public void cut() {
        cut = true;
    }

    /** An event that could not be read; the others still count. */
    private void malformed(String note) {
        malformed = note;
    }

    /** A count that is not a count: the whole call is malformed. */
    public void invalid(String note) {
        if (invalid == null) {
            invalid = note;
        }
    }

    /** A frame whose checksum fails: nothing after it is read, and the call is malformed. */
    public void corrupt(String note) {
        corrupt = note;
    }

    /** The provider ended the stream with an error event of this type (never its message). */
    public void failed(String errorType) {
        failure = errorType;
    }

    /** Notes how an AWS event stream's framing ended: cut, or corrupt from a message on. */
    public void framing(AwsEventMessage.Framing framing) {
        switch (framing) {
            case CUT -> cut();
            case CORRUPT -> corrupt("an AWS event-stream message fails its CRC: the stream is corrupt from there on");
            case INTACT -> {
            }
        }
    }

    /** The stream's facts; {@code whyMissing} says why a stream that ended properly carried no usage. */
    public ResponseFacts facts(CapturedResponse response, String whyMissing) {
        return factsWithoutTier(response, whyMissing).withServiceTier(serviceTier);
    }

    private ResponseFacts factsWithoutTier(CapturedResponse response, String whyMissing) {
        boolean endedProperly = finished && !cut && response.ended();
        Usage usage = billed != null ? billed : endedProperly ? runningTotal : null;
        Usage seen = partial != null ? partial : runningTotal;
        if (invalid != null) {
            return ResponseFacts.without(model, UsageStatus.MALFORMED, invalid);
        }
        if (corrupt != null) {
            return ResponseFacts.without(model, UsageStatus.MALFORMED, corrupt + seenBeforeTheEnd(seen));
        }
        if (usage != null) {
            return ResponseFacts.reported(model, usage);
        }
        if (failure != null) {
            return new ResponseFacts(model, null, UsageStatus.ERROR, "stream ended with the provider's error event ("
                    + failure + "): not billed" + seenBeforeTheEnd(seen), null, failure);
        }
        if (!response.ended() || cut) {
            return ResponseFacts.without(model, UsageStatus.INCOMPLETE, "stream closed before its usage arrived"
                    + seenBeforeTheEnd(seen));
        }
        if (malformed != null) {
            return ResponseFacts.without(model, UsageStatus.MALFORMED, "stream event: " + malformed);
        }
        if (finished) {
            return ResponseFacts.without(model, UsageStatus.MISSING, whyMissing);
        }
        return ResponseFacts.without(model, UsageStatus.INCOMPLETE, "stream ended before its final event"
                + seenBeforeTheEnd(seen));
    }

    /** What was counted before the end, kept apart from the billed counts. */
    private static String seenBeforeTheEnd(Usage seen) {
        return seen == null ? "" : "; partial counts seen before the end: " + seen.describe();
    }
}
