package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The first bytes of one call's request body, as the client's own request-body subscriber receives them from the
 * application's {@code BodyPublisher} (see {@link RequestBodyTaps}), handed to the exchange once: when the body is
 * complete, or when the response arrives first. Bytes are copied, never taken: the buffers the client sends are
 * not touched.
 *
 * <p>A retry, a redirect or an authentication challenge sends the body again with a new subscriber: the copy
 * starts over with it, so that what is handed over is one whole sending, not two glued together.
 */
final class RequestBodyCopy {

    private final LlmExchange exchange;
    private final int limit;
    private Object sender;
    private ByteArrayOutputStream copy;
    private boolean handedOver;

    RequestBodyCopy(LlmExchange exchange) {
        this.exchange = exchange;
        this.limit = exchange.requestBodyLimit();
    }

    /** The body was already read whole (an in-memory publisher): nothing more to copy. */
    synchronized void alreadyRead() {
        handedOver = true;
    }

    synchronized void keep(Object subscriber, ByteBuffer item) {
        if (handedOver) {
            return;
        }
        if (subscriber != sender) {
            sender = subscriber;
            copy = new ByteArrayOutputStream();
        }
        int length = Math.min(limit - copy.size(), item.remaining());
        if (length <= 0) {
            return;
        }
        if (item.hasArray()) {
            copy.write(item.array(), item.arrayOffset() + item.position(), length);
        } else {
            byte[] bytes = new byte[length];
            item.duplicate().get(bytes); // a duplicate: the client's buffer keeps its position
            copy.write(bytes, 0, length);
        }
    }

    /** The publisher completed the body sent through {@code subscriber}. */
    synchronized void end(Object subscriber) {
        if (subscriber == sender) {
            handOver();
        }
    }

    synchronized void handOver() {
        if (!handedOver) {
            handedOver = true;
            if (copy != null) {
                exchange.requestBody(copy.toByteArray(), 0, copy.size());
                copy = null; // the exchange has its own copy; the handler may live on with the response
            }
            sender = null;
        }
    }
}
