package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.function.BiFunction;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code InternalHttpClient.doExecute} and {@code MinimalHttpClient.doExecute}: every classic {@code execute}
 * and {@code executeOpen} ends in one of them, once per call, after the client's own retries, redirects and
 * decompression are inside it. The request is handed to {@link Requests} on the way in (an exchange, or nothing for
 * other traffic) and the response to {@link Responses} on the way out.
 */
final class ClassicClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("doExecute").and(takesArguments(3)), DoExecuteAdvice.class.getName());
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class DoExecuteAdvice {
        private DoExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object begin(@Advice.Origin Class<?> client, @Advice.Argument(0) Object target,
                            @Advice.Argument(1) Object request) {
            Object requests = LlmcostBridge.helper(client,
                    "dev.llmcost.instrumentation.apachehttpclient5.Requests");
            return requests == null ? null : ((BiFunction<Object, Object, Object>) requests).apply(target, request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void end(@Advice.Origin Class<?> client, @Advice.Enter Object exchange,
                        @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            if (exchange != null) {
                Object responses = LlmcostBridge.helper(client,
                        "dev.llmcost.instrumentation.apachehttpclient5.Responses");
                if (responses != null) {
                    ((BiFunction<Object, Object, Object>) responses).apply(exchange, thrown != null ? thrown : response);
                }
            }
        }
    }
}
