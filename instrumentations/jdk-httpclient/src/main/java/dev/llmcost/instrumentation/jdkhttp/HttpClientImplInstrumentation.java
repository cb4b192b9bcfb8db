package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BiFunction;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code HttpClientImpl.sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)}, the private method
 * behind every public send method (JDK 11 to 25). Instrumenting only it means one capture per call.
 */
public final class HttpClientImplInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("jdk.internal.net.http.HttpClientImpl");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("sendAsync").and(isPrivate()).and(takesArguments(4)),
                getClass().getName() + "$SendAsyncAdvice");
    }

    @SuppressWarnings("unused")
    public static final class SendAsyncAdvice {

        private SendAsyncAdvice() {
        }

        /** Replaces the body handler with one that tees the response to the capture (LLM calls only). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void wrapBodyHandler(@Advice.Origin Class<?> client,
                                           @Advice.Argument(0) HttpRequest request,
                                           @Advice.Argument(value = 1, readOnly = false)
                                           HttpResponse.BodyHandler handler) {
            Object wrapper = LlmcostBridge.helper(client, "dev.llmcost.instrumentation.jdkhttp.CapturingBodyHandlers");
            if (wrapper != null) {
                handler = (HttpResponse.BodyHandler) ((BiFunction<Object, Object, Object>) wrapper)
                        .apply(request, handler);
            }
        }
    }
}
