package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

/**
 * {@code Thread.start}, and {@code VirtualThread.start} (Java 21+, which overrides it; the per-task executor of
 * virtual threads calls its {@code start(ThreadContainer)}): a new thread carries the attribution of the thread
 * that starts it for its whole run. Pool and event-loop threads do not (see the agent's CarriedAttribution): they
 * run other code's tasks, which carry their own.
 */
final class ThreadInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return namedOneOf("java.lang.Thread", "java.lang.VirtualThread");
    }

    @Override
    public void transform(AdviceBinder advice) {
        // Captured as start returns; a thread that fails to start carries nothing anyone reads.
        advice.applyAdvice(named("start"), ContextAdvice.CaptureThis.class.getName());
    }
}
