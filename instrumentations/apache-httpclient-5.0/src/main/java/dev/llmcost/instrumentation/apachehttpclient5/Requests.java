package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.net.URIAuthority;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;

/**
 * On the calling thread, before the request is sent: recognises an LLM call and copies its body's first bytes for
 * the model — read from a repeatable entity, which has no side effects, or teed from one that is not as the client
 * writes it. Calls the AWS SDK makes on this client are left to the SDK's own hook, which sees every one of them
 * (they carry {@code amz-sdk-invocation-id}).
 */
public final class Requests implements BiFunction<Object, Object, Object> {

    @Override
    public Object apply(Object targetObject, Object requestObject) {
        try {
            ClassicHttpRequest request = (ClassicHttpRequest) requestObject;
            if (request.containsHeader("amz-sdk-invocation-id")) {
                return null;
            }
            HttpHost target = (HttpHost) targetObject;
            URIAuthority authority = request.getAuthority();
            String host = target != null ? target.getHostName() : authority != null ? authority.getHostName() : null;
            String path = request.getPath();
            int query = path == null ? -1 : path.indexOf('?');
            LlmExchange exchange = LlmcostBridge.http().begin(request.getMethod(), host,
                    query < 0 ? path : path.substring(0, query), query < 0 ? null : path.substring(query + 1), null,
                    null);
            if (exchange != null && request.getEntity() != null) {
                try {
                    copyBody(request, exchange);
                } catch (Throwable noCopy) {
                    // the call is still recorded, only without the model it asked for
                }
            }
            return exchange;
        } catch (Throwable unexpected) {
            return null;
        }
    }

    private static void copyBody(ClassicHttpRequest request, LlmExchange exchange) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity.isRepeatable()) {
            InputStream content;
            try {
                content = entity.getContent();
            } catch (UnsupportedOperationException writeOnly) {
                // Spring's HttpComponentsClientHttpRequest.BodyEntity (RestClient, RestTemplate): repeatable, but
                // it can only be written: teed as the client writes it, below.
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
                dev.llmcost.instrumentation.common.RequestBodyCopy copy =
                        new dev.llmcost.instrumentation.common.RequestBodyCopy(out, exchange);
                super.writeTo(copy);
                copy.handOver();
            }
        });
    }
}
