package dev.llmcost.instrumentation.reactornetty.v1_0;

import dev.llmcost.bridge.LlmcostBridge;
import reactor.netty.ConnectionObserver;
import reactor.util.context.Context;

import java.util.function.BiConsumer;

/**
 * The configured attribution keys the application put in the subscriber's Reactor {@code Context}
 * ({@code .contextWrite(Context.of("feature", "search"))}, as WebFlux code does instead of MDC), captured for the
 * subscription's handler. Values are read as text; an empty context costs one check.
 */
public final class SubscriberContexts implements BiConsumer<Object, Object> {

    @Override
    public void accept(Object observer, Object handler) {
        try {
            Context context = ((ConnectionObserver) observer).currentContext();
            if (context == null || context.isEmpty()) {
                return;
            }
            LlmcostBridge.contexts().captureWith(handler, key -> {
                Object value = key == null ? null : context.getOrDefault(key, null);
                return value == null ? null : value.toString();
            });
        } catch (Throwable unexpected) {
            // the call keeps the caller's attribution
        }
    }
}
