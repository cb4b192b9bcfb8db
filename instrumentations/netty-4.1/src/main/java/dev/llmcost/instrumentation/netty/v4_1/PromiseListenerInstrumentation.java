package dev.llmcost.instrumentation.netty.v4_1;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code DefaultPromise} listeners: Netty clients continue a call in the listener of a connect or write future, run
 * on the event loop when that I/O completes — not a task anyone submitted. Vert.x, called from an application
 * thread, writes its first request on a new connection that way. The attribution of the code that added a listener
 * is captured for the promise ({@code addListener0}, where every {@code addListener(s)} ends) and is in force
 * while its listeners run ({@code notifyListener0}); a promise nobody attributed changes nothing.
 */
final class PromiseListenerInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("io.netty.util.concurrent.DefaultPromise");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("addListener0").and(takesArguments(1)), getClass().getName() + "$AddAdvice");
        advice.applyAdvice(named("notifyListener0").and(takesArguments(2)), getClass().getName() + "$NotifyAdvice");
    }

    @SuppressWarnings("unused")
    static final class AddAdvice {
        private AddAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void added(@Advice.This Object promise) {
            LlmcostBridge.contexts().capture(promise);
        }
    }

    @SuppressWarnings("unused")
    static final class NotifyAdvice {
        private NotifyAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object notifying(@Advice.Argument(0) Object future) {
            return LlmcostBridge.contexts().attach(future);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void notified(@Advice.Enter Object token) {
            LlmcostBridge.contexts().restore(token);
        }
    }
}
