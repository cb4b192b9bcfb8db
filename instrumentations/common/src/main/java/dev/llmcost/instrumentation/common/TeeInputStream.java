package dev.llmcost.instrumentation.common;

import dev.llmcost.bridge.LlmExchange;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body as the application reads it: each read passes through unchanged — same bytes, same count, same
 * exception — and the bytes read are copied to the exchange after the fact. The end of the body ends the exchange;
 * closing it before the end, or a failed read, aborts it.
 */
public final class TeeInputStream extends FilterInputStream {

    private final LlmExchange exchange;
    private final byte[] one = new byte[1];
    private final long expected;
    private long consumed;
    private boolean done;

    public TeeInputStream(InputStream body, LlmExchange exchange) {
        this(body, exchange, -1);
    }

    /**
     * A body of {@code length} bytes as the client will hand them out ({@code -1} when unknown): it has ended once
     * that many were read, even if the application, knowing the length, never reads on to the end of the stream
     * (Spring's message converters read exactly {@code Content-Length} bytes, then close).
     */
    public TeeInputStream(InputStream body, LlmExchange exchange, long length) {
        super(body);
        this.exchange = exchange;
        this.expected = length;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException | RuntimeException e) {
            abort(e);
            throw e;
        }
        if (b >= 0) {
            one[0] = (byte) b;
            exchange.responseBytes(one, 0, 1);
            counted(1);
        } else {
            end();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read;
        try {
            read = super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            abort(e);
            throw e;
        }
        if (read > 0) {
            exchange.responseBytes(buffer, offset, read);
            counted(read);
        } else if (read < 0) {
            end();
        }
        return read;
    }

    /** {@code skip} would hide bytes from the copy: they are read instead, at most a buffer at a time. */
    @Override
    public long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(skipped, 0, skipped.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            abort(null);
        }
    }

    private void counted(int bytes) {
        consumed += bytes;
        if (expected >= 0 && consumed >= expected) {
            end();
        }
    }

    private void end() {
        if (!done) {
            done = true;
            exchange.responseEnd();
        }
    }

    private void abort(Throwable cause) {
        if (!done) {
            done = true;
            exchange.responseAbort(cause);
        }
    }
}
