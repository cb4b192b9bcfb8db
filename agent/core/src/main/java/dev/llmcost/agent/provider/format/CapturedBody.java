package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a response body as the agent kept them: the whole body, or — for a body longer than the
 * capture limit — its first and its last bytes with the middle dropped. Usage sits at the end of every
 * provider's format (and the model near the start), so streams and single documents alike are still measured
 * exactly from the head and the tail.
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

    /** The bytes of a whole body (a copy the caller may keep). */
    byte[] wholeBytes() {
        return java.util.Arrays.copyOf(head, headLength);
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

    /**
     * The body as one JSON document: its fields, and the fields its usage may be read from. For a whole body both
     * are the document. For a body over the capture limit the fields are the head's, overlaid by the last top-level
     * fields of the tail from the first of {@code tailKeys} on (the fields where the API puts usage); the usage
     * fields are those tail fields alone — never the head's, whose last number or array may be cut at its edge —
     * or {@code null} when the tail has none of the keys.
     */
    public Document document(List<String> tailKeys, boolean withArrays) throws MalformedBodyException {
        Json.Keep keep = withArrays ? Json.Keep.WITH_ARRAYS : Json.Keep.SKELETON;
        if (isWhole()) {
            JsonNode root = Json.read(head, 0, headLength, keep);
            return new Document(root, root);
        }
        JsonNode first = Json.readPrefix(head, 0, headLength);
        ObjectNode fields = first instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        ObjectNode last = JsonTail.lastFields(tail, tailLength, tailKeys, false, keep);
        if (last != null) {
            fields.setAll(last);
        }
        return new Document(fields, last);
    }

    /** A JSON document's fields, and those its usage is read from ({@code null}: none could be). */
    public record Document(JsonNode fields, JsonNode usageFields) {
    }

    /** Why a body over the capture limit has no usage to read. */
    public String overLimitNote(List<String> tailKeys) {
        return "body of " + totalLength + " bytes is over the capture limit (llmcost.capture.response.max.bytes) and "
                + (tailKeys.isEmpty() ? "this API's usage cannot be read from its head and tail"
                : "none of " + tailKeys + " is in its first " + headLength + " bytes or among the top-level fields"
                + " of its last " + tailLength);
    }

    /**
     * The body as a JSON array of objects, as many as are complete. For a body over the capture limit: the
     * head's complete objects, then the last object's fields from the first of {@code tailKeys} on, the array
     * closed only if the tail ends it.
     */
    public JsonArrayStream jsonArrayOfObjects(List<String> tailKeys) throws MalformedBodyException {
        if (isWhole()) {
            return Json.readArrayOfObjects(head, 0, headLength);
        }
        ObjectNode last = JsonTail.lastFields(tail, tailLength, tailKeys, true, Json.Keep.SKELETON);
        if (last == null) {
            throw notInTail(tailKeys);
        }
        List<JsonNode> elements = new ArrayList<>();
        try {
            elements.addAll(Json.readArrayOfObjects(head, 0, headLength).elements());
        } catch (MalformedBodyException firstObjectLongerThanTheHead) {
            // the model is named again in the last object
        }
        elements.add(last);
        return new JsonArrayStream(elements, true);
    }

    private BodyOverLimitException notInTail(List<String> tailKeys) {
        return new BodyOverLimitException(overLimitNote(tailKeys));
    }

    /**
     * The body as AWS event-stream messages: for a split body, the complete messages of the head, then those of
     * the tail from its first valid prelude on. The framing says whether the stream was cut or corrupt.
     */
    public AwsEventStream awsEventMessages() throws MalformedBodyException {
        List<AwsEventMessage> messages = new ArrayList<>();
        AwsEventMessage.Framing framing = AwsEventMessage.parse(head, 0, headLength, false, messages);
        if (!isWhole() && framing != AwsEventMessage.Framing.CORRUPT) {
            // The head ends where the capture cut it: only the tail says how the stream ended.
            framing = AwsEventMessage.parse(tail, 0, tailLength, true, messages);
        }
        if (framing == AwsEventMessage.Framing.CORRUPT && messages.isEmpty()) {
            throw new MalformedBodyException("not an AWS event stream");
        }
        return new AwsEventStream(messages, framing);
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
