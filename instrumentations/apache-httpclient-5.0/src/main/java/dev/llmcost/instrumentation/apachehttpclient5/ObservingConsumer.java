package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.bridge.LlmExchange;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The application's response consumer, observed (HTTP/1.1 and HTTP/2 alike: both hand the consumer the same
 * calls): the final response head goes to the exchange, each body buffer is shown to it as the consumer took it —
 * from a {@code duplicate()}, so the buffer the consumer reads keeps its position — and how the response ended.
 * Every call is forwarded unchanged and in order; for a call that is not an LLM call nothing else happens.
 */
final class ObservingConsumer<T> implements AsyncResponseConsumer<T> {

    private final AsyncResponseConsumer<T> consumer;
    private final AsyncObservation observation;

    ObservingConsumer(AsyncResponseConsumer<T> consumer, AsyncObservation observation) {
        this.consumer = consumer;
        this.observation = observation;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<T> resultCallback) throws HttpException, IOException {
        LlmExchange exchange = observation.exchange();
        if (exchange != null) {
            try {
                observation.requestEnd();
                exchange.response(response.getCode(), entity == null ? null : entity.getContentType(), name -> {
                    // What the consumer is given is what the entity details say (a client that decodes the body
                    // itself says so there), whatever the header kept.
                    if ("Content-Encoding".equalsIgnoreCase(name)) {
                        return entity == null ? null : entity.getContentEncoding();
                    }
                    Header header = response.getFirstHeader(name);
                    return header == null ? null : header.getValue();
                });
                observation.responded();
                if (entity == null) {
                    exchange.responseEnd();
                }
            } catch (Throwable unexpected) {
                exchange.responseAbort(unexpected);
            }
        }
        consumer.consumeResponse(response, entity, context, resultCallback);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
        consumer.informationResponse(response, context);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        consumer.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        LlmExchange exchange = observation.exchange();
        if (exchange == null) {
            consumer.consume(src);
            return;
        }
        // The consumer takes all of the buffer (the contract of consume; some copy it without moving its
        // position): the exchange is shown all of it, from a duplicate, before the consumer gets the buffer as is.
        exchange.responseBytes(src.duplicate());
        consumer.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
        LlmExchange exchange = observation.exchange();
        if (exchange != null) {
            exchange.responseEnd();
        }
        consumer.streamEnd(trailers);
    }

    @Override
    public void failed(Exception cause) {
        try {
            observation.end(cause);
        } finally {
            consumer.failed(cause);
        }
    }

    @Override
    public void releaseResources() {
        try {
            observation.end(null); // after streamEnd: ignored; before it: cancelled or given up
        } finally {
            consumer.releaseResources();
        }
    }

    @Override
    public String toString() {
        return consumer.toString();
    }
}
