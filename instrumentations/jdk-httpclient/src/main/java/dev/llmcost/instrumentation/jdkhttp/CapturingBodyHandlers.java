package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BiFunction;

/**
 * Helper behind {@code SendAsyncAdvice}: given the request and the application's body handler, returns the
 * handler to use — the application's own for anything that is not an LLM call, else a tee around it. Runs on
 * the thread that sends, which is where attribution is read.
 */
public final class CapturingBodyHandlers implements BiFunction<Object, Object, Object> {

    @Override
    public Object apply(Object requestObject, Object handlerObject) {
        HttpResponse.BodyHandler<?> handler = (HttpResponse.BodyHandler<?>) handlerObject;
        try {
            HttpRequest request = (HttpRequest) requestObject;
            URI uri = request.uri();
            LlmExchange exchange = LlmcostBridge.http().begin(request.method(), uri.getHost(), uri.getRawPath(),
                    uri.getRawQuery(), null, null);
            if (exchange == null) {
                return handler;
            }
            RequestBodyCopy requestBody = new RequestBodyCopy(exchange);
            if (RequestBodies.copy(request, exchange)) {
                requestBody.alreadyRead();
            }
            return new TeeBodyHandler<>(handler, exchange, requestBody);
        } catch (Throwable unexpected) {
            return handler;
        }
    }
}
