package dev.llmcost.bench;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.attribution.CarriedAttribution;
import dev.llmcost.agent.config.AgentConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What one thread hop costs llmcost (the bridge's {@code CallerContexts}, as the java-concurrent advice calls it):
 * capture where a task is submitted, attach and restore around it where it runs — with the submitting thread
 * carrying no attribution ({@code bare}: the common case, which must allocate nothing), carrying none while other
 * tasks of the application carry some ({@code bareWhileOthersCarry}: the captured map is not empty, so the run side
 * looks the task up), and carrying feature/customer/team in its MDC ({@code attributed}).
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar ThreadHopBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThreadHopBenchmark {

    @Param({"bare", "bareWhileOthersCarry", "attributed"})
    public String submitter;

    private CarriedAttribution contexts;
    /** A task object, as the application would submit; one per benchmark so the task's allocation is not counted. */
    private final Object task = new Object();
    /** Kept alive so that an entry stays in the captured map. */
    private final Object carriedElsewhere = new Object();

    @Setup(Level.Trial)
    public void setUp() {
        AgentConfig config = AgentConfig.load("", new Properties(), Map.of());
        contexts = new CarriedAttribution(new AttributionReader(AttributionKeys.from(config)));
        MDC.get("feature"); // the application's logging is initialised: the agent reads it
        if (!submitter.equals("bare")) {
            MDC.put("feature", "support-chat");
            MDC.put("customer", "acme");
            MDC.put("team", "growth");
            contexts.capture(carriedElsewhere);
        }
        if (!submitter.equals("attributed")) {
            MDC.clear();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MDC.clear();
    }

    /**
     * Where a fork/join task that carries nothing runs ({@code ForkJoinTask.doExec}): attach (nothing was
     * captured for it), restore after.
     */
    @Benchmark
    public void attachRestore() {
        contexts.restore(contexts.attach(task));
    }

    /** Where a pooled worker takes its next task, one that carries nothing ({@code ThreadPoolExecutor.getTask}). */
    @Benchmark
    public void attachOnlyRestore() {
        contexts.restore(contexts.attachOnly(task));
    }

    /**
     * A whole hop: captured where the task is submitted ({@code ThreadPoolExecutor.execute},
     * {@code ForkJoinPool.poolSubmit}, {@code ForkJoinTask.fork}), attached and restored around its run.
     */
    @Benchmark
    public void hop() {
        contexts.capture(task);
        contexts.restore(contexts.attach(task));
    }
}
