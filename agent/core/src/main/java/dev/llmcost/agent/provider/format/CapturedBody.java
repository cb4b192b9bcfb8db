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

    /** The first byte that is not JSON whitespace, or -1 for an empty or blank body. */
    public int firstNonWhitespace() {
        for (int i = 0; i < headLength; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    /** The body as one JSON document. */
    public JsonNode json() throws MalformedBodyException {
        if (!isWhole()) {
            throw new MalformedBodyException("body of " + totalLength + " bytes is over the capture limit");
        }
        return Json.read(head, 0, headLength);
    }

    /** The body as one JSON document, arrays of objects included ({@link Json#readWithArrays}). */
    public JsonNode jsonWithArrays() throws MalformedBodyException {
        if (!isWhole()) {
            throw new MalformedBodyException("body of " + totalLength + " bytes is over the capture limit");
        }
        return Json.readWithArrays(head, 0, headLength);
    }

    /**
     * The body as a JSON array of objects, as many as are complete. For a split body, the head's: an array
     * cannot be picked up again in the middle, so a long array stream is {@link MalformedBodyException}.
     */
    public List<JsonNode> jsonArrayOfObjects() throws MalformedBodyException {
        if (!isWhole()) {
            throw new MalformedBodyException("JSON array stream of " + totalLength
                    + " bytes is over the capture limit (ask for alt=sse)");
        }
        return Json.readArrayOfObjects(head, 0, headLength, new boolean[1]);
    }

    /**
     * The body as AWS event-stream messages: for a split body, the complete messages of the head, then those of
     * the tail from its first valid prelude on.
     */
    public List<AwsEventMessage> awsEventMessages() throws MalformedBodyException {
        List<AwsEventMessage> messages = new ArrayList<>();
        boolean framed = isWhole()
                ? AwsEventMessage.parse(head, 0, headLength, false, messages)
                : AwsEventMessage.parse(head, 0, headLength, false, messages)
                        & AwsEventMessage.parse(tail, 0, tailLength, true, messages);
        if (!framed && messages.isEmpty()) {
            throw new MalformedBodyException("not an AWS event stream");
        }
        return messages;
    }

    /** The body as JSON lines (NDJSON): for a split body, the head's whole lines, then the tail's. */
    public List<JsonLine> jsonLines() {
        List<JsonLine> lines = new ArrayList<>();
        if (isWhole()) {
            JsonLine.parse(head, 0, headLength, false, true, lines);
        } else {
            JsonLine.parse(head, 0, headLength, false, false, lines);
            JsonLine.parse(tail, 0, tailLength, true, true, lines);
        }
        return lines;
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
