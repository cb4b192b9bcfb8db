package dev.llmcost.instrumentation.reactornetty.v1_0;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code HttpClientConnect$HttpClientHandler}, one per subscription (with {@link HttpObserverInstrumentation}, the
 * three points of a subscription's life):
 * <ul>
 *   <li>{@code HttpClientHandler}'s constructor runs in {@code MonoHttpConnect.subscribe}, on the subscribing
 *   thread, once per subscription: the caller's attribution is captured for that handler;</li>
 *   <li>{@code HttpObserver}'s constructor holds the subscriber's {@code Context}: the configured keys found there
 *   are captured for the same handler, over the caller's;</li>
 *   <li>{@code HttpClientHandler.requestWithBody} runs on the event loop just before each request (redirects and
 *   retries included) is written: the handler is left on the channel for the Netty module to take with it.</li>
 * </ul>
 */
final class HttpClientHandlerInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("reactor.netty.http.client.HttpClientConnect$HttpClientHandler");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(isConstructor().and(takesArguments(1)), getClass().getName() + "$SubscribedAdvice");
        advice.applyAdvice(named("requestWithBody").and(takesArguments(1)), getClass().getName() + "$RequestAdvice");
    }

    @SuppressWarnings("unused")
    static final class SubscribedAdvice {
        private SubscribedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void subscribed(@Advice.This Object handler) {
            LlmcostBridge.contexts().capture(handler);
        }
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class RequestAdvice {
        private RequestAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void sending(@Advice.This Object handler, @Advice.Argument(0) Object operations) {
            Object helper = LlmcostBridge.helper(handler.getClass(),
                    "dev.llmcost.instrumentation.reactornetty.v1_0.CallerOnChannel");
            if (helper != null) {
                ((BiConsumer<Object, Object>) helper).accept(handler, operations);
            }
        }
    }
}
