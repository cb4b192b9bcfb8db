package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.instrumentation.common.TeeInputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;

/**
 * As the response returns to the application: its status and headers go to the exchange, and its entity is
 * replaced by one that hands out a tee of the same content, so the body is copied exactly as the application reads
 * it — whole with {@code EntityUtils}, or line by line from a stream.
 */
public final class Responses implements BiFunction<Object, Object, Object> {

    @Override
    public Object apply(Object exchangeObject, Object result) {
        LlmExchange exchange = (LlmExchange) exchangeObject;
        try {
            if (result instanceof Throwable failure) {
                exchange.failed(failure);
                return null;
            }
            ClassicHttpResponse response = (ClassicHttpResponse) result;
            HttpEntity entity = response.getEntity();
            exchange.response(response.getCode(), entity == null ? null : entity.getContentType(), name -> {
                // The client decodes gzip/deflate itself and keeps the header: the entity says what its bytes are.
                if ("Content-Encoding".equalsIgnoreCase(name)) {
                    return entity == null ? null : entity.getContentEncoding();
                }
                Header header = response.getFirstHeader(name);
                return header == null ? null : header.getValue();
            });
            if (entity == null) {
                exchange.responseEnd();
            } else {
                response.setEntity(new TeeEntity(entity, exchange));
            }
        } catch (Throwable unexpected) {
            exchange.responseAbort(unexpected);
        }
        return null;
    }

    /** The response entity, its content teed to the exchange. */
    private static final class TeeEntity extends HttpEntityWrapper {
        private final LlmExchange exchange;

        TeeEntity(HttpEntity entity, LlmExchange exchange) {
            super(entity);
            this.exchange = exchange;
        }

        @Override
        public InputStream getContent() throws IOException {
            // getContentLength() is the length of what getContent() gives (-1 once the client decodes gzip).
            return new TeeInputStream(super.getContent(), exchange, getContentLength());
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }
}
