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
        byte[] bytes = body.wholeBytes();
        ByteArrayInputStream source = new ByteArrayInputStream(bytes);
        Inflater inflater = "deflate".equals(encoding) ? new Inflater(!isZlib(bytes)) : null;
        try (InputStream decoded = open(encoding, bytes, source, inflater)) {
            if (decoded == null) {
                return body;
            }
            CapturedBody result = collect(decoded, limit);
            // Plain bytes can pass for the first blocks of a deflate or brotli stream: a body that is really in
            // the encoding is consumed by its decoder to the last byte.
            boolean consumed = source.available() == 0
                    && (inflater == null || inflater.finished() && inflater.getRemaining() == 0);
            return consumed ? result : body;
        } catch (IOException | RuntimeException notEncoded) {
            return body;
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private static InputStream open(String encoding, byte[] bytes, ByteArrayInputStream source, Inflater inflater)
            throws IOException {
        return switch (encoding) {
            case "gzip", "x-gzip" -> bytes.length > 1 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B
                    ? new GZIPInputStream(source) : null;
            // HTTP's deflate is zlib-wrapped, but servers send raw deflate too.
            case "deflate" -> new InflaterInputStream(source, inflater);
            case "br" -> new BrotliInputStream(source);
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
