package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * One async call as its producer and consumer see it: the exchange (once the request head shows an LLM call), the
 * first bytes of the request body as the producer writes them, and whether a response arrived.
 */
final class AsyncObservation {

    /** The target the application named, if any (the request's own authority wins). */
    private final HttpHost target;
    /** Written on the thread that sends the head, read on the I/O thread. */
    private volatile LlmExchange exchange;
    private volatile boolean responded;
    private ByteArrayOutputStream body;
    private boolean bodyHandedOver;

    AsyncObservation(HttpHost target) {
        this.target = target;
    }

    LlmExchange exchange() {
        return exchange;
    }

    /** The request head, as the producer sends it. */
    void request(HttpRequest request) {
        if (exchange != null || request.containsHeader("amz-sdk-invocation-id")) {
            return; // seen already (a producer sends its head once), or the AWS SDK's own hook owns it
        }
        Object token = LlmcostBridge.contexts().attachOnly(this);
        try {
            URIAuthority authority = request.getAuthority();
            String path = request.getPath();
            int query = path == null ? -1 : path.indexOf('?');
            exchange = LlmcostBridge.http().begin(request.getMethod(),
                    authority != null ? authority.getHostName() : target != null ? target.getHostName() : null,
                    query < 0 ? path : path.substring(0, query), query < 0 ? null : path.substring(query + 1),
                    null, null);
        } finally {
            LlmcostBridge.contexts().restore(token);
        }
    }

    /** Bytes of the request body the channel took ({@code written} is not changed). */
    synchronized void requestBytes(ByteBuffer written) {
        LlmExchange current = exchange;
        if (current == null || bodyHandedOver) {
            return;
        }
        if (body == null) {
            body = new ByteArrayOutputStream();
        }
        int room = current.requestBodyLimit() - body.size();
        int length = Math.min(room, written.remaining());
        if (length > 0) {
            byte[] bytes = new byte[length];
            written.get(bytes);
            body.write(bytes, 0, length);
        }
        if (body.size() >= current.requestBodyLimit()) {
            requestEnd();
        }
    }

    /** The body is complete (or the response came first): the exchange gets its copy, once. */
    synchronized void requestEnd() {
        LlmExchange current = exchange;
        if (current != null && !bodyHandedOver) {
            bodyHandedOver = true;
            if (body != null) {
                byte[] bytes = body.toByteArray();
                body = null;
                current.requestBody(bytes, 0, bytes.length);
            }
        }
    }

    void responded() {
        responded = true;
    }

    /** The call failed or was cancelled or released before its end; ignored once it has ended. */
    void end(Throwable cause) {
        LlmExchange current = exchange;
        if (current == null) {
            return;
        }
        if (responded) {
            current.responseAbort(cause);
        } else {
            current.failed(cause);
        }
    }
}
