package dev.llmcost.instrumentation.awssdk;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code SdkDefaultClientBuilder.resolveExecutionInterceptors}: every client, of every service, resolves its
 * interceptor list here when it is built. The interceptor is added last, so it sees the request as the
 * application's own interceptors left it.
 */
public final class SdkClientBuilderInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("software.amazon.awssdk.core.client.builder.SdkDefaultClientBuilder");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("resolveExecutionInterceptors").and(takesArguments(1)).and(returns(List.class)),
                getClass().getName() + "$AddInterceptorAdvice");
    }

    @SuppressWarnings("unused")
    public static final class AddInterceptorAdvice {

        private AddInterceptorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void addInterceptor(
                @Advice.Return(readOnly = false) List<ExecutionInterceptor> interceptors) {
            Object interceptor = LlmcostBridge.helper(ExecutionInterceptor.class,
                    "dev.llmcost.instrumentation.awssdk.LlmcostExecutionInterceptor");
            if (interceptor != null && interceptors != null && !interceptors.contains(interceptor)) {
                List<ExecutionInterceptor> withOurs = new ArrayList<>(interceptors);
                withOurs.add((ExecutionInterceptor) interceptor);
                interceptors = withOurs;
            }
        }
    }
}
