package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;
import jdk.internal.net.http.ResponseSubscribers;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes every signal to the application's subscriber unchanged and, on the way, shows the bytes to the
 * capture (which copies them without moving the buffers' positions). Demand is the application's own: this
 * subscriber never requests more than it does, so nothing is read ahead or held back.
 *
 * <p>It is a {@code TrustedSubscriber} that answers {@code needsExecutor()} exactly as the application's
 * subscriber would: the client decides from that whether to hop to its executor, and a plain wrapper would
 * change the application's threading.
 */
final class TeeBodySubscriber<T> implements ResponseSubscribers.TrustedSubscriber<T> {

    private final java.net.http.HttpResponse.BodySubscriber<T> application;
    private final LlmExchange exchange;

    TeeBodySubscriber(java.net.http.HttpResponse.BodySubscriber<T> application, LlmExchange exchange) {
        this.application = application;
        this.exchange = exchange;
    }

    @Override
    public boolean needsExecutor() {
        return ResponseSubscribers.TrustedSubscriber.needsExecutor(application);
    }

    @Override
    public CompletionStage<T> getBody() {
        return application.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        application.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                subscription.request(n);
            }

            @Override
            public void cancel() {
                exchange.responseAbort(null);
                subscription.cancel();
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (int i = 0; i < buffers.size(); i++) {
            exchange.responseBytes(buffers.get(i));
        }
        application.onNext(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        exchange.responseAbort(failure);
        application.onError(failure);
    }

    @Override
    public void onComplete() {
        exchange.responseEnd();
        application.onComplete();
    }
}
