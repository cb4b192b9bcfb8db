package dev.llmcost.instrumentation.reactornetty.v1_0;

import io.netty.util.AttributeKey;
import reactor.netty.Connection;

import java.util.function.BiConsumer;

/**
 * Leaves the subscription's handler — the carrier its caller's attribution was captured for — on the channel the
 * request is about to be written to, where the Netty module takes it with the request
 * ({@code llmcost.caller}, the one attribute name both modules use).
 */
public final class CallerOnChannel implements BiConsumer<Object, Object> {

    private static final AttributeKey<Object> CALLER = AttributeKey.valueOf("llmcost.caller");

    @Override
    public void accept(Object handler, Object operations) {
        try {
            ((Connection) operations).channel().attr(CALLER).set(handler);
        } catch (Throwable unexpected) {
            // the call is recorded with the event loop's (empty) attribution
        }
    }
}
