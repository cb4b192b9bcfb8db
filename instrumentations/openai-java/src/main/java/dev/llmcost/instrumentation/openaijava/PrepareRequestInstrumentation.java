package dev.llmcost.instrumentation.openaijava;

import com.openai.core.http.RetryingHttpClient;
import dev.llmcost.agent.instrumentation.AdviceBinder;
import dev.llmcost.agent.instrumentation.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.concurrent.CompletableFuture;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;

/**
 * {@code PrepareRequest.prepareAsync}: runs on the caller's thread and returns the prepared request already
 * completed; the caller's attribution is remembered for that request object, which the SDK hands on to the
 * thread that sends it.
 */
public final class PrepareRequestInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("com.openai.core.PrepareRequest");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("prepareAsync").and(isStatic()).and(returns(CompletableFuture.class)),
                getClass().getName() + "$RememberCallerAdvice");
    }

    @SuppressWarnings("unused")
    public static final class RememberCallerAdvice {

        private RememberCallerAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void rememberCaller(@Advice.Return CompletableFuture<?> prepared) {
            if (prepared != null && prepared.isDone() && !prepared.isCompletedExceptionally()) {
                LlmcostBridge.http().rememberCallerFor(prepared.getNow(null),
                        RetryingHttpClient.class.getClassLoader());
            }
        }
    }
}
