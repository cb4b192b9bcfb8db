package dev.llmcost.instrumentation.anthropicjava;

import dev.llmcost.agent.instrumentation.AdviceBinder;
import dev.llmcost.agent.instrumentation.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code RetryingHttpClient.executeAsync(request, options)}: runs on the SDK's worker thread and enqueues the
 * OkHttp call before it returns. For its duration the thread acts for the caller remembered for {@code request},
 * so the OkHttp instrumentation reads the caller's attribution, not the pool thread's empty MDC.
 */
public final class RetryingHttpClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("com.anthropic.core.http.RetryingHttpClient");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("executeAsync").and(takesArguments(2)),
                getClass().getName() + "$AdoptCallerAdvice");
    }

    @SuppressWarnings("unused")
    public static final class AdoptCallerAdvice {

        private AdoptCallerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object adopt(@Advice.Argument(0) Object request) {
            return LlmcostBridge.http().adoptCaller(request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void restore(@Advice.Enter Object previous) {
            LlmcostBridge.http().restoreCaller(previous);
        }
    }
}
