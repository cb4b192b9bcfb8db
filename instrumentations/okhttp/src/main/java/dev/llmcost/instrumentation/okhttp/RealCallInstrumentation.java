package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code RealCall.enqueue(Callback)}: an asynchronous call runs its interceptors on OkHttp's dispatcher thread,
 * where the application's MDC is not. The generic executor hop cannot see this one: the dispatcher queues the call
 * and hands it to its pool later, from whichever thread frees a slot (another call finishing). So attribution is
 * captured here, on the thread that enqueues, for the call itself. ({@code okhttp3.RealCall} before 4.9,
 * {@code okhttp3.internal.connection.RealCall} since.)
 */
public final class RealCallInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("okhttp3.internal.connection.RealCall").or(named("okhttp3.RealCall"));
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("enqueue").and(takesArguments(1)), getClass().getName() + "$RememberCallerAdvice");
    }

    @SuppressWarnings("unused")
    public static final class RememberCallerAdvice {

        private RememberCallerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void rememberCaller(@Advice.This Call call) {
            Request request = call.request();
            HttpUrl url = request.url();
            LlmcostBridge.http().rememberCaller(call, request.method(), url.host(), url.encodedPath(),
                    call.getClass().getClassLoader());
        }
    }
}
