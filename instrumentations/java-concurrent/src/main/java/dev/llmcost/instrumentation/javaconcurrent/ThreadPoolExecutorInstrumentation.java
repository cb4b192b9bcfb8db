package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} (every {@code Executors} pool but the
 * fork/join ones): a task is captured where it enters the pool — {@code execute}, behind every
 * {@code submit}/{@code invokeAll}/{@code invokeAny}, and {@code delayedExecute}, behind every {@code schedule} —
 * and a worker runs each task it takes with that task's attribution only: {@code runWorker} for the task a worker
 * is created with (captured with the worker, on the submitting thread), {@code getTask} for every later one. A
 * worker never carries one task's attribution into the next, nor the attribution of the thread that created it.
 */
final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("execute").and(takesArguments(Runnable.class)),
                ContextAdvice.CaptureFirstArgument.class.getName());
        advice.applyAdvice(named("delayedExecute").and(takesArguments(1)),
                ContextAdvice.CaptureFirstArgument.class.getName());
        advice.applyAdvice(named("runWorker").and(takesArguments(1)), RunWorkerAdvice.class.getName());
        advice.applyAdvice(named("getTask").and(takesArguments(0)), GetTaskAdvice.class.getName());
    }

    /** {@code ThreadPoolExecutor$Worker}: created on the submitting thread, with its first task. */
    static final class WorkerInstrumentation implements TypeInstrumentation {

        @Override
        public ElementMatcher<TypeDescription> typeMatcher() {
            return named("java.util.concurrent.ThreadPoolExecutor$Worker");
        }

        @Override
        public void transform(AdviceBinder advice) {
            advice.applyAdvice(isConstructor(), ContextAdvice.CaptureConstructed.class.getName());
        }
    }

    @SuppressWarnings("unused")
    static final class RunWorkerAdvice {
        private RunWorkerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object attach(@Advice.Argument(0) Object worker) {
            return LlmcostBridge.contexts().attachOnly(worker);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void restore(@Advice.Enter Object token) {
            LlmcostBridge.contexts().restore(token);
        }
    }

    /** The worker is done with its task when it asks for the next, and runs the one it gets. */
    @SuppressWarnings("unused")
    static final class GetTaskAdvice {
        private GetTaskAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void taskDone() {
            LlmcostBridge.contexts().attachOnly(null);
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void nextTask(@Advice.Return Runnable task) {
            LlmcostBridge.contexts().attachOnly(task);
        }
    }
}
