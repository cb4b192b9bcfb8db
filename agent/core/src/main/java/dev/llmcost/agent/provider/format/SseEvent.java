package dev.llmcost.agent.provider.format;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One server-sent event: its {@code event:} name (or {@code null}) and its {@code data:} lines joined by
 * newlines, per the WHATWG event-stream rules. Accepts LF, CRLF and CR line endings.
 */
public final class SseEvent {

    private final String name;
    private final byte[] data;
    private final int offset;
    private final int length;
    private final boolean unterminated;

    private SseEvent(String name, byte[] data, int offset, int length, boolean unterminated) {
        this.name = name;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.unterminated = unterminated;
    }

    /**
     * The stream ended inside this event, before the blank line that dispatches it. The event-stream rules say
     * such an event is discarded: a stream that ends this way was cut, and its last event is never read.
     */
    public boolean unterminated() {
        return unterminated;
    }

    public String name() {
        return name;
    }

    public boolean dataEquals(String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (expected.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (data[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean hasData() {
        return length > 0;
    }

    public com.fasterxml.jackson.databind.JsonNode json() throws MalformedBodyException {
        return Json.read(data, offset, length);
    }

    /** The data's skeleton with arrays of objects ({@link Json#readWithArrays}): Gemini's {@code candidates}. */
    public com.fasterxml.jackson.databind.JsonNode jsonWithArrays() throws MalformedBodyException {
        return Json.readWithArrays(data, offset, length);
    }

    /**
     * Parses the events in {@code bytes[from, to)} into {@code out}.
     *
     * @param skipFirstPartial the range starts mid-stream: ignore everything before the first blank line
     * @param streamEnded      the range ends where the stream ended: a last event without its blank line is
     *                         kept, {@link #unterminated()}; otherwise it is cut at the capture's edge and left
     *                         out
     */
    static void parse(byte[] bytes, int from, int to, boolean skipFirstPartial, boolean streamEnded,
                      List<SseEvent> out) {
        int position = from;
        if (skipFirstPartial) {
            position = afterFirstBlankLine(bytes, from, to);
        }
        String name = null;
        byte[] data = null;
        int dataOffset = 0;
        int dataLength = -1;
        while (position < to) {
            int lineEnd = position;
            while (lineEnd < to && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
                lineEnd++;
            }
            if (lineEnd == to && !streamEnded) {
                return;
            }
            int next = lineEnd;
            if (next < to && bytes[next] == '\r') {
                next++;
            }
            if (next < to && bytes[next] == '\n' && (next == lineEnd || bytes[next - 1] == '\r')) {
                next++;
            }
            if (lineEnd == position) {
                if (dataLength >= 0) {
                    out.add(new SseEvent(name, data, dataOffset, dataLength, false));
                }
                name = null;
                data = null;
                dataLength = -1;
            } else if (startsWith(bytes, position, lineEnd, "data")) {
                int valueStart = fieldValueStart(bytes, position + 4, lineEnd);
                if (valueStart >= 0) {
                    int valueLength = lineEnd - valueStart;
                    if (dataLength < 0) {
                        data = bytes;
                        dataOffset = valueStart;
                        dataLength = valueLength;
                    } else {
                        byte[] joined = new byte[dataLength + 1 + valueLength];
                        System.arraycopy(data, dataOffset, joined, 0, dataLength);
                        joined[dataLength] = '\n';
                        System.arraycopy(bytes, valueStart, joined, dataLength + 1, valueLength);
                        data = joined;
                        dataOffset = 0;
                        dataLength = joined.length;
                    }
                }
            } else if (startsWith(bytes, position, lineEnd, "event")) {
                int valueStart = fieldValueStart(bytes, position + 5, lineEnd);
                if (valueStart >= 0) {
                    name = new String(bytes, valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
                }
            }
            position = next;
        }
        if (streamEnded && (dataLength >= 0 || name != null)) {
            out.add(new SseEvent(name, data, dataOffset, Math.max(dataLength, 0), true));
        }
    }

    /** Where a field's value starts after its name, or -1 if the line is another field ("database: …"). */
    private static int fieldValueStart(byte[] bytes, int afterName, int lineEnd) {
        if (afterName == lineEnd) {
            return lineEnd;
        }
        if (bytes[afterName] != ':') {
            return -1;
        }
        int start = afterName + 1;
        return start < lineEnd && bytes[start] == ' ' ? start + 1 : start;
    }

    private static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int afterFirstBlankLine(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' && i + 1 < to && (bytes[i + 1] == '\n'
                    || bytes[i + 1] == '\r' && i + 2 < to && bytes[i + 2] == '\n')) {
                return bytes[i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return to;
    }
}
