package dev.llmcost.agent.extension;

import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.concurrent.CompletableFuture;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Attribution across a thread hop an SDK makes itself, before its HTTP client sees the call: the two halves
 * every such SDK instrumentation needs. The caller's attribution is remembered for an object the SDK hands from
 * the calling thread to its worker (a prepared request), and the worker acts for that caller while it submits the
 * HTTP call. The advice names only the JDK and the bridge, so one copy serves every SDK.
 */
public final class CallerHandoff {

    private CallerHandoff() {
    }

    /**
     * On the calling thread: {@code type.method} returns an already completed {@code CompletableFuture} of the
     * object the worker will receive; the caller is remembered for that object.
     */
    public static TypeInstrumentation rememberCallerForFutureResult(String type, String method) {
        return new Instrumentation(type, binder -> binder.applyAdvice(named(method)
                .and(returns(CompletableFuture.class)), RememberCallerAdvice.class.getName()));
    }

    /**
     * On the worker thread: for the duration of {@code type.method}, whose first argument is the object handed
     * over, the thread acts for the caller remembered for it.
     */
    public static TypeInstrumentation adoptCallerForFirstArgument(String type, String method, int arguments) {
        return new Instrumentation(type, binder -> binder.applyAdvice(named(method).and(takesArguments(arguments)),
                AdoptCallerAdvice.class.getName()));
    }

    private record Instrumentation(String type, java.util.function.Consumer<AdviceBinder> advice)
            implements TypeInstrumentation {

        @Override
        public ElementMatcher<TypeDescription> typeMatcher() {
            return named(type);
        }

        @Override
        public void transform(AdviceBinder binder) {
            advice.accept(binder);
        }
    }

    @SuppressWarnings("unused")
    public static final class RememberCallerAdvice {

        private RememberCallerAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void rememberCaller(@Advice.Return Object returned, @Advice.Origin Class<?> type) {
            if (returned instanceof CompletableFuture<?> future && future.isDone()
                    && !future.isCompletedExceptionally()) {
                LlmcostBridge.http().rememberCallerFor(future.getNow(null), type.getClassLoader());
            }
        }
    }

    @SuppressWarnings("unused")
    public static final class AdoptCallerAdvice {

        private AdoptCallerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object adopt(@Advice.Argument(0) Object handedOver) {
            return LlmcostBridge.http().adoptCaller(handedOver);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        public static void restore(@Advice.Enter Object previous) {
            LlmcostBridge.http().restoreCaller(previous);
        }
    }
}
