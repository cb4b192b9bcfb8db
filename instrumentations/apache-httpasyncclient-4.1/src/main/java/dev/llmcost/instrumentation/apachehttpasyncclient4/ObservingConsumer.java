package dev.llmcost.instrumentation.apachehttpasyncclient4;

import dev.llmcost.bridge.LlmExchange;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpException;
import org.apache.http.HttpResponse;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.FileContentDecoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The application's response consumer, observed: every call is forwarded unchanged and in order, and on the way
 * the exchange is shown the status and headers ({@code responseReceived}), the body bytes exactly as the
 * application's consumer reads them from the decoder ({@code consumeContent}), and how the response ended
 * (completed, failed, cancelled, closed early). The async client does not decode {@code Content-Encoding}, so
 * the bytes are what the header says they are.
 */
final class ObservingConsumer<T> implements HttpAsyncResponseConsumer<T> {

    private final HttpAsyncResponseConsumer<T> consumer;
    private final LlmExchange exchange;
    /** The producer copying a streamed request body, or null. */
    private final CopyingProducer copying;
    /** Set on the I/O thread; read on whichever thread cancels or closes. */
    private volatile boolean responded;

    ObservingConsumer(HttpAsyncResponseConsumer<T> consumer, LlmExchange exchange, CopyingProducer copying) {
        this.consumer = consumer;
        this.exchange = exchange;
        this.copying = copying;
    }

    LlmExchange exchange() {
        return exchange;
    }

    @Override
    public void responseReceived(HttpResponse response) throws IOException, HttpException {
        try {
            if (copying != null) {
                copying.handOver(); // the response came before the body was complete
            }
            HttpEntity entity = response.getEntity();
            Header type = entity == null ? null : entity.getContentType();
            exchange.response(response.getStatusLine().getStatusCode(), type == null ? null : type.getValue(),
                    name -> {
                        Header header = response.getFirstHeader(name);
                        return header == null ? null : header.getValue();
                    });
            responded = true;
        } catch (Throwable unexpected) {
            exchange.responseAbort(unexpected);
        }
        consumer.responseReceived(response);
    }

    @Override
    public void consumeContent(ContentDecoder decoder, IOControl control) throws IOException {
        // The identity and length-delimited decoders can also transfer straight into a file: the tee keeps that
        // type, so a consumer that checks for it behaves as without the agent.
        consumer.consumeContent(decoder instanceof FileContentDecoder file ? new TeeFileDecoder(file, exchange)
                : new TeeDecoder(decoder, exchange), control);
    }

    @Override
    public void responseCompleted(HttpContext context) {
        exchange.responseEnd();
        consumer.responseCompleted(context);
    }

    @Override
    public void failed(Exception cause) {
        end(cause);
        consumer.failed(cause);
    }

    @Override
    public boolean cancel() {
        end(null);
        return consumer.cancel();
    }

    @Override
    public void close() throws IOException {
        // Closed after completion as well: then the exchange has ended already and this is ignored.
        end(null);
        consumer.close();
    }

    private void end(Exception cause) {
        if (responded) {
            exchange.responseAbort(cause);
        } else {
            exchange.failed(cause);
        }
    }

    @Override
    public Exception getException() {
        return consumer.getException();
    }

    @Override
    public T getResult() {
        return consumer.getResult();
    }

    @Override
    public boolean isDone() {
        return consumer.isDone();
    }

    /** The connection's decoder: what the consumer reads into its buffer is shown to the exchange, unchanged. */
    private static class TeeDecoder implements ContentDecoder {
        private final ContentDecoder decoder;
        private final LlmExchange exchange;

        TeeDecoder(ContentDecoder decoder, LlmExchange exchange) {
            this.decoder = decoder;
            this.exchange = exchange;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int start = dst.position();
            int read = decoder.read(dst);
            if (read > 0) {
                ByteBuffer view = dst.duplicate();
                view.limit(start + read).position(start);
                exchange.responseBytes(view);
            }
            return read;
        }

        @Override
        public boolean isCompleted() {
            return decoder.isCompleted();
        }

        @Override
        public String toString() {
            return decoder.toString();
        }
    }

    /** A file-capable decoder: a zero-copy transfer into a file passes no bytes through here, so it cannot be seen. */
    private static final class TeeFileDecoder extends TeeDecoder implements FileContentDecoder {
        private final FileContentDecoder file;
        private final LlmExchange exchange;

        TeeFileDecoder(FileContentDecoder file, LlmExchange exchange) {
            super(file, exchange);
            this.file = file;
            this.exchange = exchange;
        }

        @Override
        public long transfer(FileChannel dst, long position, long count) throws IOException {
            exchange.responseAbort(null);
            return file.transfer(dst, position, count);
        }
    }
}
