package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.function.BiFunction;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code doExecute(HttpHost, AsyncRequestProducer, AsyncResponseConsumer, HandlerFactory, HttpContext,
 * FutureCallback)} of the two async client bases (verified on 5.1.3 and 5.6.5): {@code InternalAbstractHttpAsyncClient}
 * behind {@code HttpAsyncClients.custom()/createDefault()/createHttp2*} (HTTP/1.1, HTTP/2 over TLS, h2c), and
 * {@code AbstractMinimalHttpAsyncClientBase} behind {@code MinimalHttpAsyncClient} and {@code MinimalH2AsyncClient}.
 * Every {@code execute} overload taking a producer and a consumer, {@code SimpleHttpRequest}s included, ends in it
 * once per call, with retries and redirects inside. The producer and consumer arguments become observing ones
 * ({@link AsyncExchanges}); a classic client adapted onto async ({@code ClassicToAsyncAdaptor}, 5.6) is not one of
 * the classic hook's classes, so such a call is seen here only, once.
 */
final class AsyncClientInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("doExecute").and(takesArguments(6)).and(not(isAbstract())),
                DoExecuteAdvice.class.getName());
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class DoExecuteAdvice {
        private DoExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void observe(@Advice.Origin Class<?> client, @Advice.Argument(0) Object target,
                            @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                            Object producer,
                            @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                            Object consumer) {
            Object exchanges = LlmcostBridge.helper(client,
                    "dev.llmcost.instrumentation.apachehttpclient5.AsyncExchanges");
            if (exchanges != null) {
                Object[] observed = (Object[]) ((BiFunction<Object, Object, Object>) exchanges)
                        .apply(new Object[] {target, producer}, consumer);
                if (observed != null) {
                    producer = observed[0];
                    consumer = observed[1];
                }
            }
        }
    }
}
