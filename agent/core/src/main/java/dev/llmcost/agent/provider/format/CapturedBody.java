package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a response body as the agent kept them: the whole body, or — for a body longer than the
 * capture limit — its first and its last bytes with the middle dropped. Usage sits at the end of every
 * provider's format (and the model near the start), so streams are still measured exactly; only a single
 * JSON document that large cannot be read.
 */
public final class CapturedBody {

    public static final CapturedBody EMPTY = whole(new byte[0], 0);

    private final byte[] head;
    private final int headLength;
    private final byte[] tail;
    private final int tailLength;
    private final long totalLength;

    private CapturedBody(byte[] head, int headLength, byte[] tail, int tailLength, long totalLength) {
        this.head = head;
        this.headLength = headLength;
        this.tail = tail;
        this.tailLength = tailLength;
        this.totalLength = totalLength;
    }

    public static CapturedBody whole(byte[] bytes, int length) {
        return new CapturedBody(bytes, length, null, 0, length);
    }

    public static CapturedBody split(byte[] head, int headLength, byte[] tail, int tailLength, long totalLength) {
        return new CapturedBody(head, headLength, tail, tailLength, totalLength);
    }

    public static CapturedBody of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return whole(bytes, bytes.length);
    }

    public boolean isWhole() {
        return tail == null;
    }

    public boolean isEmpty() {
        return totalLength == 0;
    }

    public long totalLength() {
        return totalLength;
    }

    /** The body as one JSON document. */
    public JsonNode json() throws MalformedBodyException {
        if (!isWhole()) {
            throw new MalformedBodyException("body of " + totalLength + " bytes is over the capture limit");
        }
        return Json.read(head, 0, headLength);
    }

    /**
     * The body as server-sent events. For a split body: the complete events of the head, then the complete
     * events of the tail (the one cut in two at each edge is left out).
     */
    public List<SseEvent> sseEvents() {
        List<SseEvent> events = new ArrayList<>();
        if (isWhole()) {
            SseEvent.parse(head, 0, headLength, false, true, events);
        } else {
            SseEvent.parse(head, 0, headLength, false, false, events);
            SseEvent.parse(tail, 0, tailLength, true, true, events);
        }
        return events;
    }
}
