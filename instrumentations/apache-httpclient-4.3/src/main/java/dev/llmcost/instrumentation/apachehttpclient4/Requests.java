package dev.llmcost.instrumentation.apachehttpclient4;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import dev.llmcost.instrumentation.common.RequestBodyCopy;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.entity.HttpEntityWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.function.BiFunction;

/**
 * On the calling thread, before the request is sent: recognises an LLM call and copies its body's first bytes for
 * the model — read from a repeatable entity, which has no side effects, or teed from one that is not as the client
 * writes it. Calls the AWS SDK makes on this client are left to the SDK's own hook, which sees every one of them
 * (they carry {@code amz-sdk-invocation-id}): one row per Bedrock call, not two.
 */
public final class Requests implements BiFunction<Object, Object, Object> {

    @Override
    public Object apply(Object targetObject, Object requestObject) {
        try {
            HttpRequest request = (HttpRequest) requestObject;
            if (request.containsHeader("amz-sdk-invocation-id")) {
                return null;
            }
            // The request line holds a path, or an absolute URI when the application passed no target.
            URI uri = URI.create(request.getRequestLine().getUri());
            HttpHost target = (HttpHost) targetObject;
            String host = target != null ? target.getHostName() : uri.getHost();
            LlmExchange exchange = LlmcostBridge.http().begin(request.getRequestLine().getMethod(), host,
                    uri.getRawPath(), uri.getRawQuery(), null, null);
            if (exchange != null && request instanceof HttpEntityEnclosingRequest enclosing
                    && enclosing.getEntity() != null) {
                try {
                    copyBody(enclosing, exchange);
                } catch (Throwable noCopy) {
                    // the call is still recorded, only without the model it asked for
                }
            }
            return exchange;
        } catch (Throwable unexpected) {
            return null;
        }
    }

    private static void copyBody(HttpEntityEnclosingRequest request, LlmExchange exchange) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity.isRepeatable()) {
            InputStream content;
            try {
                content = entity.getContent();
            } catch (UnsupportedOperationException writeOnly) {
                // an entity that can only be written (as Spring's for httpclient5 is): teed as it is written, below
                content = null;
            }
            if (content != null) {
                try (InputStream in = content) {
                    byte[] first = in.readNBytes(exchange.requestBodyLimit());
                    exchange.requestBody(first, 0, first.length);
                }
                return;
            }
        }
        request.setEntity(new HttpEntityWrapper(entity) {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                RequestBodyCopy copy = new RequestBodyCopy(out, exchange);
                super.writeTo(copy);
                copy.handOver();
            }
        });
    }
}
