package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.bridge.LlmcostBridge;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

import java.util.function.BiFunction;

/**
 * Behind {@code DoExecuteAdvice}, on the calling thread: the producer and consumer to run the call with. Whether
 * it is an LLM call shows only when the producer sends its request head, so both are wrapped (two small objects
 * per call) around one {@link AsyncObservation}; for any other request they just forward. The caller's
 * attribution is kept for the request head, which the minimal clients send from an I/O thread.
 *
 * <p>Replacing these arguments is invisible to the application: producer and consumer are internal arguments the
 * client only calls back — the application keeps its own references and gets its result through the future — and
 * the wrappers forward every call unchanged and in order.
 */
public final class AsyncExchanges implements BiFunction<Object, Object, Object> {

    @Override
    public Object apply(Object targetAndProducer, Object consumerObject) {
        try {
            Object[] arguments = (Object[]) targetAndProducer;
            if (!(arguments[1] instanceof AsyncRequestProducer producer)
                    || !(consumerObject instanceof AsyncResponseConsumer<?> consumer)) {
                return null;
            }
            AsyncObservation observation = new AsyncObservation(arguments[0] instanceof HttpHost target ? target : null);
            LlmcostBridge.contexts().capture(observation);
            return new Object[] {new ObservingProducer(producer, observation),
                    new ObservingConsumer<>(consumer, observation)};
        } catch (Throwable unexpected) {
            return null;
        }
    }
}
