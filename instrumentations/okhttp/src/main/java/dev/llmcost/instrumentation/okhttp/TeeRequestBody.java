package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.bridge.LlmExchange;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import okio.Sink;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The application's request body, unchanged, whose bytes are copied to the capture as OkHttp writes them to
 * the connection. Reading the body separately would write it twice — for an SDK that serialises its JSON in
 * {@code writeTo} (openai-java does), a second serialisation on the application's thread — and is impossible
 * for one-shot bodies. Only the first write is copied (OkHttp writes again on a retry), up to the limit.
 */
final class TeeRequestBody extends RequestBody {

    private final RequestBody application;
    private final LlmExchange exchange;
    private boolean copied;

    TeeRequestBody(RequestBody application, LlmExchange exchange) {
        this.application = application;
        this.exchange = exchange;
    }

    @Override
    public MediaType contentType() {
        return application.contentType();
    }

    @Override
    public long contentLength() throws IOException {
        return application.contentLength();
    }

    @Override
    public boolean isOneShot() {
        return application.isOneShot();
    }

    @Override
    public boolean isDuplex() {
        return application.isDuplex();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        if (copied || application.isDuplex()) {
            application.writeTo(sink);
            return;
        }
        copied = true;
        CopyingSink copying = new CopyingSink(sink, exchange, application.contentLength());
        BufferedSink buffered = Okio.buffer(copying);
        application.writeTo(buffered);
        buffered.emit();
        copying.finish();
    }

    /**
     * Forwards every write and keeps the first {@code requestBodyLimit} bytes, handed over at the end. Bytes are
     * copied into a plain array: copying into another okio {@code Buffer} would share the segments, which then
     * never return to okio's pool and cost the application an allocation per call.
     */
    private static final class CopyingSink extends ForwardingSink {
        private final LlmExchange exchange;
        private final int limit;
        private byte[] kept;
        private int size;
        private final OutputStream into = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                int room = limit - size;
                int take = Math.min(room, length);
                if (size + take > kept.length) {
                    kept = java.util.Arrays.copyOf(kept, Math.min(limit, Math.max(size + take, kept.length * 2)));
                }
                System.arraycopy(bytes, offset, kept, size, take);
                size += take;
            }
        };

        CopyingSink(Sink delegate, LlmExchange exchange, long contentLength) {
            super(delegate);
            this.exchange = exchange;
            this.limit = exchange.requestBodyLimit();
            this.kept = new byte[(int) Math.min(limit, contentLength >= 0 ? contentLength : 1024)];
        }

        @Override
        public void write(Buffer source, long byteCount) throws IOException {
            long keep = Math.min(byteCount, limit - size);
            if (keep > 0) {
                try {
                    source.copyTo(into, 0, keep);
                } catch (Throwable ignored) {
                    // the application's write matters, not the copy
                }
            }
            super.write(source, byteCount);
        }

        void finish() {
            exchange.requestBody(kept, 0, size);
        }
    }
}
