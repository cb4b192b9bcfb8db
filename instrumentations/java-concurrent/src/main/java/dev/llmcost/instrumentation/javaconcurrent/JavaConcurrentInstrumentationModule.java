package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.JvmAccess;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * Attribution wherever the work runs: the caller's attribution is captured where work is <em>submitted</em> — to
 * a {@code ThreadPoolExecutor} or {@code ScheduledThreadPoolExecutor}, a {@code ForkJoinPool} or by
 * {@code ForkJoinTask.fork} (so parallel streams and {@code CompletableFuture.*Async} follow), a new or virtual
 * {@code Thread}, a {@code Timer} — and is in force, for llmcost only, while that work runs. Tasks are neither
 * wrapped nor replaced: what the application submitted is what runs, is removed, is compared. JDK 17 and later;
 * the hooks name the JDK's own methods, checked on 17, 21 and 25 (a method one version lacks matches nothing).
 */
public final class JavaConcurrentInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "java-concurrent";
    }

    /** Part of the JDK: always present. */
    @Override
    public String landmarkClass() {
        return null;
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ThreadPoolExecutorInstrumentation(),
                new ThreadPoolExecutorInstrumentation.WorkerInstrumentation(), new ForkJoinInstrumentation(),
                new ThreadInstrumentation(), new TimerInstrumentation());
    }

    /** Advice inlined into java.base calls the bridge. */
    @Override
    public void prepare(JvmAccess jvm) {
        jvm.letReadBridge("java.base");
    }
}
