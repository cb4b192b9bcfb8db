package dev.llmcost.instrumentation.apachehttpasyncclient4;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.nio.protocol.BasicAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;

import java.io.InputStream;
import java.net.URI;
import java.util.function.BiFunction;

/**
 * On the calling thread, as {@code execute} starts: recognises an LLM call from the request the producer holds and
 * copies the first bytes of its body for the model, then returns the producer and consumer to run the call with —
 * nothing (the application's own) for anything else; for an LLM call an {@link ObservingConsumer} around its
 * consumer, and, when the body is streamed (an entity that is not repeatable), a {@link CopyingProducer} that
 * copies its first bytes as the client writes them.
 *
 * <p>Only {@link BasicAsyncRequestProducer}s are looked at — what every {@code execute(HttpUriRequest, ...)} and
 * {@code HttpAsyncMethods.create*} makes — whose {@code generateRequest} is that class's own, because reading their
 * request has no side effects (it returns a field); a producer of the application's own might generate its request
 * only once, so it is left alone. Calls the AWS SDK
 * makes are left to the SDK's own hook ({@code amz-sdk-invocation-id}), as in the classic modules.
 *
 * <p>Replacing these arguments is invisible to the application: producer and consumer are internal arguments the
 * client only calls back (the application keeps its own references and gets its result through the future, which
 * is the consumer's {@code getResult()}), and the wrappers forward every call unchanged and in order.
 */
public final class Exchanges implements BiFunction<Object, Object, Object> {

    /** Whether a producer class has {@code BasicAsyncRequestProducer}'s own {@code generateRequest} (a getter). */
    private static final ClassValue<Boolean> PLAIN_GENERATE_REQUEST = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("generateRequest").getDeclaringClass() == BasicAsyncRequestProducer.class;
            } catch (Throwable unexpected) {
                return false;
            }
        }
    };

    @Override
    public Object apply(Object first, Object second) {
        if (second instanceof Throwable thrown) {
            if (first instanceof ObservingConsumer<?> observing) {
                observing.exchange().failed(thrown);
            }
            return null;
        }
        try {
            if (!(first instanceof BasicAsyncRequestProducer producer)
                    || !(second instanceof HttpAsyncResponseConsumer<?> consumer)
                    || !PLAIN_GENERATE_REQUEST.get(producer.getClass())) {
                return null;
            }
            HttpRequest request = producer.generateRequest();
            if (request == null || request.containsHeader("amz-sdk-invocation-id")) {
                return null;
            }
            // The request line holds a path, or an absolute URI.
            URI uri = URI.create(request.getRequestLine().getUri());
            HttpHost target = producer.getTarget();
            String host = target != null ? target.getHostName() : uri.getHost();
            LlmExchange exchange = LlmcostBridge.http().begin(request.getRequestLine().getMethod(), host,
                    uri.getRawPath(), uri.getRawQuery(), null, null);
            if (exchange == null) {
                return null;
            }
            CopyingProducer copying = null;
            HttpEntity entity = request instanceof HttpEntityEnclosingRequest enclosing ? enclosing.getEntity() : null;
            if (entity != null && entity.isRepeatable()) {
                copyBody(entity, exchange);
            } else if (entity != null) {
                copying = new CopyingProducer(producer, exchange);
            }
            return new Object[] {copying != null ? copying : producer,
                    new ObservingConsumer<>(consumer, exchange, copying)};
        } catch (Throwable unexpected) {
            return null;
        }
    }

    /** A repeatable entity (a string, bytes, a file) is read here, which has no side effects. */
    private static void copyBody(HttpEntity entity, LlmExchange exchange) {
        try (InputStream in = entity.getContent()) {
            byte[] first = in.readNBytes(exchange.requestBodyLimit());
            exchange.requestBody(first, 0, first.length);
        } catch (Throwable ignored) {
            // no copy, no model: the call itself is not affected
        }
    }
}
