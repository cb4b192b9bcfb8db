package dev.llmcost.instrumentation.apachehttpasyncclient4;

import dev.llmcost.bridge.LlmExchange;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.FileContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.protocol.HttpContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The application's producer of a streamed (non-repeatable) body: everything is forwarded unchanged, and the
 * bytes the connection's encoder accepts are copied (from a duplicate, after the write) up to the exchange's
 * limit, handed over when the body is complete or the limit reached. Only used for an LLM call.
 */
final class CopyingProducer implements HttpAsyncRequestProducer {

    private final HttpAsyncRequestProducer producer;
    private final LlmExchange exchange;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean handedOver;

    CopyingProducer(HttpAsyncRequestProducer producer, LlmExchange exchange) {
        this.producer = producer;
        this.exchange = exchange;
    }

    @Override
    public HttpHost getTarget() {
        return producer.getTarget();
    }

    @Override
    public HttpRequest generateRequest() throws IOException, HttpException {
        return producer.generateRequest();
    }

    @Override
    public void produceContent(ContentEncoder encoder, IOControl control) throws IOException {
        // A file-capable encoder keeps its type, so a producer that checks for it behaves as without the agent.
        producer.produceContent(encoder instanceof FileContentEncoder file ? new CopyingFileEncoder(file, this)
                : new CopyingEncoder(encoder, this), control);
    }

    @Override
    public void requestCompleted(HttpContext context) {
        handOver();
        producer.requestCompleted(context);
    }

    @Override
    public void failed(Exception cause) {
        producer.failed(cause);
    }

    @Override
    public boolean isRepeatable() {
        return producer.isRepeatable();
    }

    @Override
    public void resetRequest() throws IOException {
        producer.resetRequest();
    }

    @Override
    public void close() throws IOException {
        producer.close();
    }

    @Override
    public String toString() {
        return producer.toString();
    }

    synchronized void keep(ByteBuffer written) {
        int room = exchange.requestBodyLimit() - copy.size();
        if (handedOver || room <= 0) {
            return;
        }
        int length = Math.min(room, written.remaining());
        byte[] bytes = new byte[length];
        written.get(bytes);
        copy.write(bytes, 0, length);
        if (copy.size() >= exchange.requestBodyLimit()) {
            handOver();
        }
    }

    synchronized void handOver() {
        if (!handedOver) {
            handedOver = true;
            byte[] bytes = copy.toByteArray();
            exchange.requestBody(bytes, 0, bytes.length);
        }
    }

    private static class CopyingEncoder implements ContentEncoder {
        private final ContentEncoder encoder;
        private final CopyingProducer copy;

        CopyingEncoder(ContentEncoder encoder, CopyingProducer copy) {
            this.encoder = encoder;
            this.copy = copy;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer view = src.duplicate();
            int written = encoder.write(src);
            if (written > 0) {
                view.limit(view.position() + written);
                copy.keep(view);
            }
            return written;
        }

        @Override
        public void complete() throws IOException {
            copy.handOver();
            encoder.complete();
        }

        @Override
        public boolean isCompleted() {
            return encoder.isCompleted();
        }

        @Override
        public String toString() {
            return encoder.toString();
        }
    }

    /** A transfer straight from a file passes no bytes through here: it is forwarded, not copied. */
    private static final class CopyingFileEncoder extends CopyingEncoder implements FileContentEncoder {
        private final FileContentEncoder file;

        CopyingFileEncoder(FileContentEncoder file, CopyingProducer copy) {
            super(file, copy);
            this.file = file;
        }

        @Override
        public long transfer(FileChannel src, long position, long count) throws IOException {
            return file.transfer(src, position, count);
        }
    }
}
