package dev.llmcost.agent.provider.format;

import org.brotli.dec.BrotliInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Decodes the agent's copy of a body sent with {@code Content-Encoding: gzip}, {@code deflate} or {@code br}, on the
 * agent's thread, to read its usage: what the application reads is never touched, and a client that decoded the
 * body already (and kept the header) is recognised by the bytes not being in the encoding. The decoded body is
 * kept within the capture limit as any body is: past it, its first and last bytes only.
 */
public final class ContentEncodings {

    private static final int HEAD = 64 * 1024;
    private static final int TAIL = 1 << 20;

    private ContentEncodings() {
    }

    /** {@code body} decoded, or {@code body} itself when it is not encoded (or not whole, or not decodable). */
    public static CapturedBody decode(CapturedBody body, String contentEncoding, int limit) {
        if (contentEncoding == null || !body.isWhole() || body.isEmpty()) {
            return body;
        }
        String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        try (InputStream decoded = open(encoding, body.wholeBytes())) {
            return decoded == null ? body : collect(decoded, limit);
        } catch (IOException | RuntimeException notEncoded) {
            return body;
        }
    }

    private static InputStream open(String encoding, byte[] bytes) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        return switch (encoding) {
            case "gzip", "x-gzip" -> bytes.length > 1 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B
                    ? new GZIPInputStream(in) : null;
            // HTTP's deflate is zlib-wrapped, but servers send raw deflate too.
            case "deflate" -> new InflaterInputStream(in, new Inflater(!isZlib(bytes)));
            case "br" -> new BrotliInputStream(in);
            default -> null;
        };
    }

    private static boolean isZlib(byte[] bytes) {
        return bytes.length > 1 && (bytes[0] & 0x0F) == 8 && ((bytes[0] & 0xFF) * 256 + (bytes[1] & 0xFF)) % 31 == 0;
    }

    /** Reads {@code in} whole up to {@code limit} bytes; past it keeps a head and a rolling tail, as capture does. */
    private static CapturedBody collect(InputStream in, int limit) throws IOException {
        byte[] whole = in.readNBytes(limit);
        int next = in.read();
        if (next < 0) {
            return CapturedBody.whole(whole, whole.length);
        }
        int headSize = Math.min(HEAD, limit / 4);
        int tailSize = Math.max(headSize, Math.min(TAIL, limit / 2));
        byte[] head = java.util.Arrays.copyOf(whole, headSize);
        byte[] ring = new byte[tailSize];
        long total = whole.length;
        int position = 0;
        int filled = 0;
        for (int i = whole.length - Math.min(tailSize, whole.length - headSize); i < whole.length; i++) {
            ring[position] = whole[i];
            position = (position + 1) % tailSize;
            filled = Math.min(tailSize, filled + 1);
        }
        byte[] buffer = new byte[8192];
        buffer[0] = (byte) next;
        int read = 1;
        do {
            for (int i = 0; i < read; i++) {
                ring[position] = buffer[i];
                position = (position + 1) % tailSize;
                filled = Math.min(tailSize, filled + 1);
            }
            total += read;
        } while ((read = in.read(buffer)) > 0);
        byte[] tail = new byte[filled];
        int start = filled < tailSize ? 0 : position;
        for (int i = 0; i < filled; i++) {
            tail[i] = ring[(start + i) % tailSize];
        }
        return CapturedBody.split(head, head.length, tail, tail.length, total);
    }
}
