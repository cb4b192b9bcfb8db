package dev.llmcost.instrumentation.common;

import dev.llmcost.bridge.LlmExchange;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body as the application writes it: every write goes through unchanged, and its first bytes (as many
 * as the exchange wants, for the model name) are kept and handed over once, when the body is complete.
 */
public final class RequestBodyCopy extends FilterOutputStream {

    private final LlmExchange exchange;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean handedOver;

    public RequestBodyCopy(OutputStream body, LlmExchange exchange) {
        super(body);
        this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        keep(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        keep(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            handOver();
        }
    }

    /** Gives the exchange what was written, once: at close, or when the response arrives first. */
    public void handOver() {
        if (!handedOver) {
            handedOver = true;
            byte[] bytes = copy.toByteArray();
            exchange.requestBody(bytes, 0, bytes.length);
        }
    }

    private void keep(byte[] bytes, int offset, int length) {
        int room = exchange.requestBodyLimit() - copy.size();
        if (room > 0 && !handedOver) {
            copy.write(bytes, offset, Math.min(room, length));
        }
    }
}
