package dev.llmcost.instrumentation.awssdk;

import dev.llmcost.bridge.LlmExchange;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.ByteBuffer;

/**
 * An async client's response body (and every event stream): each buffer is copied without moving its position
 * and passed on at once; demand, cancellation and errors pass through untouched.
 */
final class TeePublisher implements Publisher<ByteBuffer> {

    private final Publisher<ByteBuffer> body;
    private final LlmExchange exchange;

    TeePublisher(Publisher<ByteBuffer> body, LlmExchange exchange) {
        this.body = body;
        this.exchange = exchange;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscriber.onSubscribe(new Subscription() {
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
            public void onNext(ByteBuffer buffer) {
                exchange.responseBytes(buffer);
                subscriber.onNext(buffer);
            }

            @Override
            public void onError(Throwable failure) {
                exchange.responseAbort(failure);
                subscriber.onError(failure);
            }

            @Override
            public void onComplete() {
                exchange.responseEnd();
                subscriber.onComplete();
            }
        });
    }
}
