package dev.llmcost.instrumentation.apachehttpclient4;

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
 * {@code doExecute(HttpHost, HttpRequest, HttpContext)} of the three clients 4.x has: every {@code execute}
 * overload ends in it once per call, with the client's retries, redirects and decompression inside. The request is
 * handed to {@link Requests} on the way in (an exchange, or nothing for other traffic) and the response to
 * {@link Responses} on the way out.
 */
final class ClassicClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("org.apache.http.impl.client.InternalHttpClient",
                "org.apache.http.impl.client.MinimalHttpClient",
                "org.apache.http.impl.client.AbstractHttpClient");
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
                    "dev.llmcost.instrumentation.apachehttpclient4.Requests");
            return requests == null ? null : ((BiFunction<Object, Object, Object>) requests).apply(target, request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void end(@Advice.Origin Class<?> client, @Advice.Enter Object exchange,
                        @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            if (exchange != null) {
                Object responses = LlmcostBridge.helper(client,
                        "dev.llmcost.instrumentation.apachehttpclient4.Responses");
                if (responses != null) {
                    ((BiFunction<Object, Object, Object>) responses).apply(exchange, thrown != null ? thrown : response);
                }
            }
        }
    }
}
