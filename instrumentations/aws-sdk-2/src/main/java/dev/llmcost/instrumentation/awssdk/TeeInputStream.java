package dev.llmcost.instrumentation.awssdk;

import dev.llmcost.bridge.LlmExchange;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A sync client's response body: each read passes through unchanged and its bytes are copied after the fact. */
final class TeeInputStream extends FilterInputStream {

    private final LlmExchange exchange;

    TeeInputStream(InputStream body, LlmExchange exchange) {
        super(body);
        this.exchange = exchange;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            exchange.responseBytes(new byte[] {(byte) b}, 0, 1);
        } else {
            exchange.responseEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            exchange.responseBytes(buffer, offset, read);
        } else if (read < 0) {
            exchange.responseEnd();
        }
        return read;
    }

    /** {@code skip} would hide bytes from the copy: read them instead (the SDK rarely skips). */
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
}
