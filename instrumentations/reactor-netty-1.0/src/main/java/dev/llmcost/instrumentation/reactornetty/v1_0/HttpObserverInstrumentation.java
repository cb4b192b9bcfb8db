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
 * {@code HttpClientConnect$HttpObserver}'s constructor holds the subscriber's {@code Context}: the configured keys
 * found there are captured for the subscription's handler, over the caller's (see
 * {@link HttpClientHandlerInstrumentation}).
 */
final class HttpObserverInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("reactor.netty.http.client.HttpClientConnect$HttpObserver");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(isConstructor().and(takesArguments(2)), getClass().getName() + "$ObservedAdvice");
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class ObservedAdvice {
        private ObservedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void observed(@Advice.This Object observer, @Advice.Argument(1) Object handler) {
            if (handler != null) {
                Object helper = LlmcostBridge.helper(observer.getClass(),
                        "dev.llmcost.instrumentation.reactornetty.v1_0.SubscriberContexts");
                if (helper != null) {
                    ((BiConsumer<Object, Object>) helper).accept(observer, handler);
                }
            }
        }
    }
}
