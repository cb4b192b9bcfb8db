package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;

import java.net.http.HttpResponse;

/** Wraps the application's body handler: its subscriber is created as before, then teed. */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T> {

    private final HttpResponse.BodyHandler<T> application;
    private final LlmExchange exchange;

    TeeBodyHandler(HttpResponse.BodyHandler<T> application, LlmExchange exchange) {
        this.application = application;
        this.exchange = exchange;
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
            exchange.response(info.statusCode(), info.headers().firstValue("content-type").orElse(null),
                    name -> info.headers().firstValue(name).orElse(null));
            return new TeeBodySubscriber<>(subscriber, exchange);
        } catch (Throwable unexpected) {
            exchange.responseAbort(unexpected);
            return subscriber;
        }
    }
}
