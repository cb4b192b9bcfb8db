package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One line of a newline-delimited JSON stream (Ollama's streaming responses). */
public final class JsonLine {

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final boolean unterminated;

    private JsonLine(byte[] bytes, int offset, int length, boolean unterminated) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.unterminated = unterminated;
    }

    /** The stream ended inside this line, before its line break: it was cut there, so the line is not read. */
    public boolean unterminated() {
        return unterminated;
    }

    public JsonNode json() throws MalformedBodyException {
        return Json.read(bytes, offset, length);
    }

    /**
     * Splits {@code bytes[from, to)} into its non-blank lines.
     *
     * @param skipFirstPartial the range starts mid-stream: drop everything up to the first line break
     * @param streamEnded      the range ends where the stream did: a last line without a line break is kept,
     *                         {@link #unterminated()}
     */
    static void parse(byte[] bytes, int from, int to, boolean skipFirstPartial, boolean streamEnded,
                      List<JsonLine> out) {
        int position = from;
        if (skipFirstPartial) {
            while (position < to && bytes[position] != '\n') {
                position++;
            }
            position++;
        }
        while (position < to) {
            int end = position;
            while (end < to && bytes[end] != '\n') {
                end++;
            }
            if (end == to && !streamEnded) {
                return;
            }
            int trimmedEnd = end;
            while (trimmedEnd > position && (bytes[trimmedEnd - 1] == '\r' || bytes[trimmedEnd - 1] == ' ')) {
                trimmedEnd--;
            }
            if (trimmedEnd > position) {
                out.add(new JsonLine(bytes, position, trimmedEnd - position, end == to));
            }
            position = end + 1;
        }
    }
}
