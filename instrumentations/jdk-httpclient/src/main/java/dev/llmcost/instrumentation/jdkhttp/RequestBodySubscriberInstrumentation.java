package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The client's own request-body subscribers (JDK 11 to 25): {@code Http1Request$FixedContentSubscriber} and
 * {@code $StreamSubscriber} (HTTP/1.1, also the request of an h2c upgrade) and {@code Stream$RequestSubscriber}
 * (HTTP/2). Whatever the {@code BodyPublisher} — {@code ofString}, {@code ofInputStream}, {@code ofFile},
 * {@code ofByteArrays}, {@code concat}, {@code fromPublisher}, the application's own — its items reach the server
 * through one of these, so the request body is read here without subscribing to the publisher a second time (see
 * {@link RequestBodyTaps}).
 */
public final class RequestBodySubscriberInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("jdk.internal.net.http.Http1Request$FixedContentSubscriber")
                .or(named("jdk.internal.net.http.Http1Request$StreamSubscriber"))
                .or(named("jdk.internal.net.http.Stream$RequestSubscriber"));
    }

    @Override
    public void transform(AdviceBinder advice) {
        // onNext(ByteBuffer) only: the erased bridge onNext(Object) calls it, and would count the item twice.
        advice.applyAdvice(named("onNext").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)),
                getClass().getName() + "$OnNextAdvice");
        advice.applyAdvice(named("onComplete").and(takesArguments(0)), getClass().getName() + "$OnCompleteAdvice");
    }

    @SuppressWarnings("unused")
    public static final class OnNextAdvice {

        private OnNextAdvice() {
        }

        /** Before the client consumes the item: it is copied as the publisher gave it. */
        @SuppressWarnings("unchecked")
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void copy(@Advice.Origin Class<?> subscriberType, @Advice.This Object subscriber,
                                @Advice.Argument(0) ByteBuffer item) {
            Object taps = LlmcostBridge.helper(subscriberType, "dev.llmcost.instrumentation.jdkhttp.RequestBodyTaps");
            if (taps != null) {
                ((BiConsumer<Object, Object>) taps).accept(subscriber, item);
            }
        }
    }

    @SuppressWarnings("unused")
    public static final class OnCompleteAdvice {

        private OnCompleteAdvice() {
        }

        @SuppressWarnings("unchecked")
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void end(@Advice.Origin Class<?> subscriberType, @Advice.This Object subscriber) {
            Object taps = LlmcostBridge.helper(subscriberType, "dev.llmcost.instrumentation.jdkhttp.RequestBodyTaps");
            if (taps != null) {
                ((BiConsumer<Object, Object>) taps).accept(subscriber, null);
            }
        }
    }
}
