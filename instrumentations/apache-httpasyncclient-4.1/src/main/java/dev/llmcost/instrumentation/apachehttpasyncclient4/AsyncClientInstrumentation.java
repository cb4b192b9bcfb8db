package dev.llmcost.instrumentation.apachehttpasyncclient4;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.function.BiFunction;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code execute(HttpAsyncRequestProducer, HttpAsyncResponseConsumer, HttpContext, FutureCallback)} of the two
 * 4.1 clients: every {@code execute} overload but the pipelining one ends there, once per call, on the calling
 * thread (where attribution is read), with redirects and authentication handled inside. {@link Exchanges} looks
 * at the request and, for an LLM call only, hands back a consumer that observes the application's.
 */
final class AsyncClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("org.apache.http.impl.nio.client.InternalHttpAsyncClient",
                "org.apache.http.impl.nio.client.MinimalHttpAsyncClient");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("execute").and(takesArguments(4))
                        .and(takesArgument(0, named("org.apache.http.nio.protocol.HttpAsyncRequestProducer"))),
                ExecuteAdvice.class.getName());
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        /** The consumer argument becomes the observing one, and a producer with a streamed body a copying one. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object begin(@Advice.Origin Class<?> client,
                            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                            Object producer,
                            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                            Object consumer) {
            Object exchanges = LlmcostBridge.helper(client,
                    "dev.llmcost.instrumentation.apachehttpasyncclient4.Exchanges");
            if (exchanges == null) {
                return null;
            }
            Object[] observed = (Object[]) ((BiFunction<Object, Object, Object>) exchanges).apply(producer, consumer);
            if (observed == null) {
                return null;
            }
            producer = observed[0];
            consumer = observed[1];
            return observed[1];
        }

        /** {@code execute} itself threw (the client is not running): the call never started. */
        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void end(@Advice.Origin Class<?> client, @Advice.Enter Object observing,
                        @Advice.Thrown Throwable thrown) {
            if (observing != null && thrown != null) {
                Object exchanges = LlmcostBridge.helper(client,
                        "dev.llmcost.instrumentation.apachehttpasyncclient4.Exchanges");
                if (exchanges != null) {
                    ((BiFunction<Object, Object, Object>) exchanges).apply(observing, thrown);
                }
            }
        }
    }
}
