package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;

import java.net.http.HttpResponse;

/**
 * Wraps the application's body handler: its subscriber is created as before, then teed. It also holds the copy
 * of the call's request body, which the client's request-body subscribers find through it (see
 * {@link RequestBodyTaps}); when the response arrives the copy is handed over, complete or not.
 */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T> {

    private final HttpResponse.BodyHandler<T> application;
    private final LlmExchange exchange;
    private final RequestBodyCopy requestBody;

    TeeBodyHandler(HttpResponse.BodyHandler<T> application, LlmExchange exchange, RequestBodyCopy requestBody) {
        this.application = application;
        this.exchange = exchange;
        this.requestBody = requestBody;
    }

    RequestBodyCopy requestBody() {
        return requestBody;
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<T> subscriber;
        try {
            subscriber = application.apply(info);
        } catch (RuntimeException | Error applicationFailure) {
            exchange.responseAbort(applicationFailure);
            throw applicationFailure;
        }
        try {
            requestBody.handOver();
            exchange.response(info.statusCode(), info.headers().firstValue("content-type").orElse(null),
                    name -> info.headers().firstValue(name).orElse(null));
            return new TeeBodySubscriber<>(subscriber, exchange);
        } catch (Throwable unexpected) {
            exchange.responseAbort(unexpected);
            return subscriber;
        }
    }
}
