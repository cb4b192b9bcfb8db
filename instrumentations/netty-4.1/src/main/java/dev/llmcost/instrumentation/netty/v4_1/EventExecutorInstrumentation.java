package dev.llmcost.instrumentation.netty.v4_1;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Netty's event loops are executors of their own ({@code SingleThreadEventExecutor}, not a JDK pool), so the generic
 * executor hop does not see them: a task handed to an event loop from an application thread (Vert.x sending a
 * request on a pooled connection, {@code channel.eventLoop().execute(..)}) carries the submitter's attribution like
 * any other task. Captured in {@code execute(Runnable, boolean)}, where {@code execute} and {@code lazyExecute} (and
 * scheduling from outside the loop) end; in force while {@code AbstractEventExecutor.safeExecute} runs it. Nothing is
 * captured, or allocated, for the loop's own tasks or a submitter without attribution.
 */
final class EventExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("io.netty.util.concurrent.SingleThreadEventExecutor",
                "io.netty.util.concurrent.AbstractEventExecutor");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("execute").and(isPrivate()).and(takesArguments(2)),
                getClass().getName() + "$SubmitAdvice");
        advice.applyAdvice(named("safeExecute").and(isStatic()).and(takesArguments(1)),
                getClass().getName() + "$RunAdvice");
    }

    @SuppressWarnings("unused")
    static final class SubmitAdvice {
        private SubmitAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void submitted(@Advice.Argument(0) Runnable task) {
            LlmcostBridge.contexts().capture(task);
        }
    }

    @SuppressWarnings("unused")
    static final class RunAdvice {
        private RunAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object running(@Advice.Argument(0) Runnable task) {
            return LlmcostBridge.contexts().attachOnly(task);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void ran(@Advice.Enter Object token) {
            LlmcostBridge.contexts().restore(token);
        }
    }
}
