package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code java.util.Timer}: a {@code TimerTask} is captured in {@code Timer.sched}, behind every {@code schedule}.
 * A timer's thread runs only its timer's tasks, each the one it last took from its queue with
 * {@code TaskQueue.getMin()}: that task's attribution alone is in force from then on. ({@code TimerTask.run} is
 * abstract, so hooking it would mean matching every class by its superclass.)
 */
final class TimerInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("java.util.Timer", "java.util.TaskQueue");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("sched").and(takesArguments(3)), ContextAdvice.CaptureFirstArgument.class.getName());
        advice.applyAdvice(named("getMin").and(takesArguments(0)), NextTaskAdvice.class.getName());
    }

    @SuppressWarnings("unused")
    static final class NextTaskAdvice {
        private NextTaskAdvice() {
        }

        /** On the timer's own thread only: {@code Timer.sched} looks at the queue's head too. */
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void nextTask(@Advice.Return Object task) {
            if (Thread.currentThread().getClass().getName().equals("java.util.TimerThread")) {
                LlmcostBridge.contexts().attachOnly(task);
            }
        }
    }
}
