package dev.llmcost.instrumentation.apachehttpclient4;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.instrumentation.common.TeeInputStream;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.HttpEntityWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;

/**
 * As the response returns to the application: its status and headers go to the exchange, and its entity is
 * replaced by one that hands out a tee of the same content, so the body is copied exactly as the application reads
 * it — whole with {@code EntityUtils}, or line by line from a stream. 4.x removes {@code Content-Encoding} from
 * the response when it decodes the body itself, so the header says what the teed bytes are.
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
            HttpResponse response = (HttpResponse) result;
            HttpEntity entity = response.getEntity();
            Header contentType = entity == null ? null : entity.getContentType();
            exchange.response(response.getStatusLine().getStatusCode(),
                    contentType == null ? null : contentType.getValue(), name -> {
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
