package dev.llmcost.agent.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One seeded mutation of a recorded provider response, of the kinds that reach agents in the field: bit flips,
 * counts that are not counts, truncations, abandoned reads, duplicate keys, deep nesting, bad UTF-8, odd SSE
 * framing, error events, a wrong Content-Length.
 */
record Mutation(Kind kind, byte[] body, boolean ended, String contentLength, String note) {

    enum Kind {
        NONE, BIT_FLIP, BAD_COUNT, OTHER_COUNT, TRUNCATE, ABANDON, DUPLICATE_KEY, DEEP_NESTING, BAD_UTF8,
        SSE_FRAMING, ERROR_EVENT, WRONG_CONTENT_LENGTH, HUGE_NUMBER
    }

    /** A count field and its integer value, as JSON text: {@code "prompt_tokens": 12}. */
    static final Pattern COUNT = Pattern.compile(
            "\"([A-Za-z_]*(?:[Tt]oken|[Cc]ount)[A-Za-z_]*)\"\\s*:\\s*(-?\\d+)");

    private static final List<String> BAD_COUNTS = List.of("-1", "-12", "12.5", "7.999999999", "1e30", "\"12\"",
            "null", "18446744073709551616", "9223372036854775807", "-9223372036854775808", "1000000001", "true",
            "[]");

    static Mutation of(Kind kind, byte[] original, String contentType, Random random) {
        String text = new String(original, StandardCharsets.ISO_8859_1);
        boolean sse = contentType.startsWith("text/event-stream");
        boolean aws = contentType.startsWith("application/vnd.amazon.eventstream");
        switch (kind) {
            case BIT_FLIP -> {
                byte[] body = original.clone();
                int at = random.nextInt(body.length);
                body[at] ^= (byte) (1 << random.nextInt(8));
                return new Mutation(kind, body, true, null, "bit flipped at " + at);
            }
            case BAD_COUNT, OTHER_COUNT, DUPLICATE_KEY, HUGE_NUMBER -> {
                List<Matcher> counts = counts(text);
                if (counts.isEmpty() || aws) {
                    return none(original);
                }
                Matcher count = counts.get(random.nextInt(counts.size()));
                String value = switch (kind) {
                    case BAD_COUNT -> BAD_COUNTS.get(random.nextInt(BAD_COUNTS.size()));
                    case OTHER_COUNT -> Integer.toString(random.nextInt(1_000_000));
                    case HUGE_NUMBER -> "9".repeat(2000 + random.nextInt(100));
                    default -> count.group(2) + ", \"" + count.group(1) + "\": " + random.nextInt(1_000_000);
                };
                String mutated = text.substring(0, count.start(2)) + value + text.substring(count.end(2));
                return new Mutation(kind, mutated.getBytes(StandardCharsets.ISO_8859_1), true, null,
                        count.group(1) + " = " + (value.length() > 40 ? value.length() + " digits" : value));
            }
            case TRUNCATE, ABANDON -> {
                int at = random.nextInt(original.length);
                byte[] body = java.util.Arrays.copyOf(original, at);
                return new Mutation(kind, body, kind == Kind.TRUNCATE, null, "cut at " + at);
            }
            case DEEP_NESTING -> {
                int brace = text.indexOf('{');
                if (brace < 0 || aws) {
                    return none(original);
                }
                int depth = 100_000;
                String deep = "\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"deeper\":"
                        + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + ",";
                String mutated = text.substring(0, brace + 1) + deep + text.substring(brace + 1);
                return new Mutation(kind, mutated.getBytes(StandardCharsets.ISO_8859_1), true, null, "deep nesting");
            }
            case BAD_UTF8 -> {
                int at = random.nextInt(original.length);
                byte[] bad = random.nextBoolean() ? new byte[] {(byte) 0xC3, 0x28} : new byte[] {(byte) 0xFF};
                return new Mutation(kind, splice(original, at, 0, bad), true, null, "bad UTF-8 at " + at);
            }
            case SSE_FRAMING -> {
                if (!sse) {
                    return none(original);
                }
                String mutated = switch (random.nextInt(4)) {
                    case 0 -> text.replace("\r\n", "\n").replace("\n", "\r");
                    case 1 -> removeOneBlankLine(text, random);
                    case 2 -> text.replace("data: ", "data:");
                    default -> text.replace("\n\n", "\n\n\n\n: keep-alive\n\n");
                };
                return new Mutation(kind, mutated.getBytes(StandardCharsets.ISO_8859_1), true, null, "SSE framing");
            }
            case ERROR_EVENT -> {
                return errorEvent(original, text, sse, aws, random);
            }
            case WRONG_CONTENT_LENGTH -> {
                List<String> lengths = List.of("abc", "-1", "0", "99999999999999", Integer.toString(original.length / 2));
                return new Mutation(kind, original, true, lengths.get(random.nextInt(lengths.size())),
                        "wrong Content-Length");
            }
            default -> {
                return none(original);
            }
        }
    }

    static Mutation none(byte[] original) {
        return new Mutation(Kind.NONE, original, true, null, "unmutated");
    }

    static List<Matcher> counts(String text) {
        List<Matcher> counts = new ArrayList<>();
        Matcher matcher = COUNT.matcher(text);
        while (matcher.find()) {
            Matcher one = COUNT.matcher(text);
            one.find(matcher.start());
            counts.add(one);
        }
        return counts;
    }

    /** An error event at a random event boundary before the last event, in the provider's own shape. */
    private static Mutation errorEvent(byte[] original, String text, boolean sse, boolean aws, Random random) {
        if (aws) {
            List<Integer> starts = new ArrayList<>();
            for (int at = 0; at + 12 <= original.length; at += ByteBuffer.wrap(original, at, 4).getInt()) {
                starts.add(at);
            }
            int at = starts.get(random.nextInt(starts.size()));
            return new Mutation(Kind.ERROR_EVENT, splice(original, at, original.length - at,
                    awsException("throttlingException")), true, null, "Bedrock exception at " + at);
        }
        if (!sse) {
            return none(original);
        }
        List<Integer> boundaries = new ArrayList<>();
        for (int at = text.indexOf("\n\n"); at >= 0; at = text.indexOf("\n\n", at + 2)) {
            boundaries.add(at + 2);
        }
        if (boundaries.size() < 2) {
            return none(original);
        }
        int at = boundaries.get(random.nextInt(boundaries.size() - 1));
        String event = text.contains("message_start")
                ? "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"x\"}}\n\n"
                : text.contains("\"response.") ? "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\","
                + "\"message\":\"x\"}\n\n"
                : "data: {\"error\":{\"message\":\"x\",\"type\":\"server_error\"}}\n\n";
        // The provider stops after its error event.
        String mutated = text.substring(0, at) + event;
        return new Mutation(Kind.ERROR_EVENT, mutated.getBytes(StandardCharsets.ISO_8859_1), true, null,
                "error event at " + at);
    }

    /** An AWS event-stream exception message with valid CRCs. */
    static byte[] awsException(String type) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        header(headers, ":message-type", "exception");
        header(headers, ":exception-type", type);
        byte[] payload = "{\"message\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8);
        int total = 12 + headers.size() + payload.length + 4;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headers.size());
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(headers.toByteArray()).put(payload);
        message.putInt((int) crc(message.array(), 0, total - 4));
        return message.array();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(nameBytes.length);
        out.writeBytes(nameBytes);
        out.write(7);
        out.write(valueBytes.length >> 8);
        out.write(valueBytes.length & 0xFF);
        out.writeBytes(valueBytes);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static String removeOneBlankLine(String text, Random random) {
        List<Integer> blanks = new ArrayList<>();
        for (int at = text.indexOf("\n\n"); at >= 0; at = text.indexOf("\n\n", at + 2)) {
            blanks.add(at);
        }
        if (blanks.isEmpty()) {
            return text;
        }
        int at = blanks.get(random.nextInt(blanks.size()));
        return text.substring(0, at) + text.substring(at + 1);
    }

    private static byte[] splice(byte[] original, int at, int remove, byte[] insert) {
        byte[] out = new byte[original.length - remove + insert.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(original, at + remove, out, at + insert.length, original.length - at - remove);
        return out;
    }
}
