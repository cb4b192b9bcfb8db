package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One message of AWS's binary event stream ({@code application/vnd.amazon.eventstream}), as Bedrock's
 * {@code ConverseStream} and {@code InvokeModelWithResponseStream} send them: a prelude (total length, headers
 * length, CRC32 of those eight bytes), typed headers, a JSON payload and a CRC32 of the whole message. Only the
 * {@code :event-type}, {@code :message-type} and {@code :exception-type} headers are kept.
 */
public final class AwsEventMessage {

    /** How the bytes of a range divide into messages. */
    public enum Framing {
        /** Every byte belongs to a message whose CRCs hold. */
        INTACT,
        /** The last message stops short: the stream was cut (or, in the head of a long stream, the head ends). */
        CUT,
        /** A prelude or a message fails its CRC: nothing from it on is read. */
        CORRUPT
    }

    private static final int PRELUDE = 12;
    private static final int MIN_MESSAGE = PRELUDE + 4;
    /** AWS caps a message at 16 MiB; anything claiming more is not a prelude. */
    private static final int MAX_MESSAGE = 16 << 20;

    private final String eventType;
    private final String messageType;
    private final String exceptionType;
    private final byte[] bytes;
    private final int payloadOffset;
    private final int payloadLength;

    private AwsEventMessage(String eventType, String messageType, String exceptionType, byte[] bytes,
                            int payloadOffset, int payloadLength) {
        this.eventType = eventType;
        this.messageType = messageType;
        this.exceptionType = exceptionType;
        this.bytes = bytes;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /** {@code chunk}, {@code messageStart}, {@code metadata}…, or {@code null}. */
    public String eventType() {
        return eventType;
    }

    /** True for {@code :message-type exception} (a throttling or validation error mid-stream). */
    public boolean isException() {
        return "exception".equals(messageType) || exceptionType != null;
    }

    public String exceptionType() {
        return exceptionType != null ? exceptionType : eventType;
    }

    public JsonNode json() throws MalformedBodyException {
        return Json.readEnvelope(bytes, payloadOffset, payloadLength);
    }

    /**
     * Decodes the complete messages in {@code bytes[from, to)} into {@code out}.
     *
     * @param resync the range starts mid-stream (the tail of a long stream): skip ahead to the first offset where
     *               a prelude's CRC holds
     * @return how the range divides into messages; messages after a corrupt one are never decoded
     */
    static Framing parse(byte[] bytes, int from, int to, boolean resync, List<AwsEventMessage> out) {
        int position = from;
        if (resync) {
            while (position + MIN_MESSAGE <= to && !validPrelude(bytes, position, to)) {
                position++;
            }
        }
        while (position + MIN_MESSAGE <= to) {
            if (!validPrelude(bytes, position, Integer.MAX_VALUE)) {
                return Framing.CORRUPT;
            }
            int total = readInt(bytes, position);
            if (position + total > to) {
                return Framing.CUT; // the rest is not here
            }
            if (!validMessage(bytes, position, total)) {
                return Framing.CORRUPT;
            }
            int headersLength = readInt(bytes, position + 4);
            out.add(decode(bytes, position, total, headersLength));
            position += total;
        }
        return position == to ? Framing.INTACT : Framing.CUT;
    }

    private static boolean validPrelude(byte[] bytes, int at, int to) {
        int total = readInt(bytes, at);
        int headersLength = readInt(bytes, at + 4);
        if (total < MIN_MESSAGE || total > MAX_MESSAGE || headersLength < 0 || headersLength > total - MIN_MESSAGE
                || (to != Integer.MAX_VALUE && at + total > to)) {
            return false;
        }
        return crc(bytes, at, 8) == (readInt(bytes, at + 8) & 0xFFFFFFFFL);
    }

    private static boolean validMessage(byte[] bytes, int at, int total) {
        return crc(bytes, at, total - 4) == (readInt(bytes, at + total - 4) & 0xFFFFFFFFL);
    }

    private static AwsEventMessage decode(byte[] bytes, int at, int total, int headersLength) {
        String eventType = null;
        String messageType = null;
        String exceptionType = null;
        int position = at + PRELUDE;
        int headersEnd = position + headersLength;
        while (position < headersEnd) {
            int nameLength = bytes[position] & 0xFF;
            String name = new String(bytes, position + 1, nameLength, StandardCharsets.UTF_8);
            position += 1 + nameLength;
            int type = bytes[position++];
            int valueLength = switch (type) {
                case 0, 1 -> 0;
                case 2 -> 1;
                case 3 -> 2;
                case 4 -> 4;
                case 5, 8 -> 8;
                case 9 -> 16;
                case 6, 7 -> 2 + (((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF));
                default -> headersEnd - position; // unknown type: stop reading headers
            };
            if (type == 7) {
                String value = new String(bytes, position + 2, valueLength - 2, StandardCharsets.UTF_8);
                switch (name) {
                    case ":event-type" -> eventType = value;
                    case ":message-type" -> messageType = value;
                    case ":exception-type" -> exceptionType = value;
                    default -> {
                    }
                }
            }
            position += valueLength;
        }
        int payloadOffset = headersEnd;
        return new AwsEventMessage(eventType, messageType, exceptionType, bytes, payloadOffset,
                at + total - 4 - payloadOffset);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }
}
