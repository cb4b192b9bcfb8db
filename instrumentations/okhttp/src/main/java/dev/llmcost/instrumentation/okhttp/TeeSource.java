package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.bridge.LlmExchange;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Forwards each read unchanged and copies the bytes that read produced — only those, after the fact: no
 * read-ahead, so a stream reaches the application exactly when it would without the agent. End of stream
 * completes the capture; closing earlier aborts it.
 */
final class TeeSource extends ForwardingSource {

    private final LlmExchange exchange;
    private final OutputStream copy;

    TeeSource(Source application, LlmExchange exchange) {
        super(application);
        this.exchange = exchange;
        this.copy = new OutputStream() {
            @Override
            public void write(int b) {
                exchange.responseBytes(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                exchange.responseBytes(bytes, offset, length);
            }
        };
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        long read;
        try {
            read = super.read(sink, byteCount);
        } catch (IOException | RuntimeException | Error failure) {
            exchange.responseAbort(failure);
            throw failure;
        }
        if (read == -1) {
            exchange.responseEnd();
        } else if (read > 0) {
            try {
                sink.copyTo(copy, sink.size() - read, read);
            } catch (Throwable ignored) {
                // the application's read already succeeded; never fail it
            }
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        exchange.responseAbort(null);
        super.close();
    }
}
