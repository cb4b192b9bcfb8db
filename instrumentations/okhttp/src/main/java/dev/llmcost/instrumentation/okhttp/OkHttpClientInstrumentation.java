package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code new OkHttpClient(Builder)}: every client passes through this constructor ({@code new OkHttpClient()}
 * included, which skips {@code Builder.build()}). The interceptor is added last among the application
 * interceptors, so it sees each attempt an application-level retry makes, after the application's own
 * interceptors have shaped the request.
 */
public final class OkHttpClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("okhttp3.OkHttpClient");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(isConstructor().and(takesArguments(1))
                        .and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
                getClass().getName() + "$AddInterceptorAdvice");
    }

    @SuppressWarnings("unused")
    public static final class AddInterceptorAdvice {

        private AddInterceptorAdvice() {
        }

        /** Adds the interceptor once: a builder made by {@code newBuilder()} already has it. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void addInterceptor(@Advice.Argument(0) OkHttpClient.Builder builder) {
            Object interceptor = LlmcostBridge.helper(OkHttpClient.class,
                    "dev.llmcost.instrumentation.okhttp.LlmcostInterceptor");
            if (interceptor != null) {
                List<Interceptor> interceptors = builder.interceptors();
                if (!interceptors.contains(interceptor)) {
                    interceptors.add((Interceptor) interceptor);
                }
            }
        }
    }
}
