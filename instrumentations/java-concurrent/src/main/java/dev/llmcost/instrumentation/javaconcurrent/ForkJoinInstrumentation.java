package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code ForkJoinPool} and {@code ForkJoinTask}: a task is captured where it enters a pool from outside — the
 * private method every {@code execute}/{@code submit}/{@code invoke} funnels into ({@code externalPush} on 17,
 * {@code poolSubmit} from 19, {@code scheduleDelayedTask} for 25's scheduled tasks), which receives the task the
 * pool will run (an adapter of the application's Runnable or Callable, or the application's own ForkJoinTask,
 * such as {@code CompletableFuture}'s async stages) — and where it is forked; {@code doExec} runs it with that
 * attribution in force, and restores what was before (a task run inline keeps its thread's attribution).
 */
final class ForkJoinInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinTask");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(namedOneOf("externalPush", "scheduleDelayedTask").and(takesArguments(1)),
                ContextAdvice.CaptureFirstArgument.class.getName());
        advice.applyAdvice(named("poolSubmit").and(takesArguments(2)),
                ContextAdvice.CaptureSecondArgument.class.getName());
        advice.applyAdvice(named("fork").and(takesArguments(0)), ContextAdvice.CaptureThis.class.getName());
        advice.applyAdvice(named("doExec").and(takesArguments(0)), ContextAdvice.AttachThis.class.getName());
    }
}
