package dev.llmcost.bench;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every task an application submits pays when its thread has no attribution: the snapshot of the configured
 * keys over every attribution source the application's class loader has. Run it with the optional sources on the
 * class path as well, to see what each adds (they are not dependencies of this module):
 *
 * <pre>java -cp benchmarks.jar:llmcost-api.jar:opentelemetry-api.jar:opentelemetry-context.jar \
 *     org.openjdk.jmh.Main AttributionSnapshotBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AttributionSnapshotBenchmark {

    private AttributionReader reader;
    private ClassLoader appLoader;

    @Setup
    public void setUp() throws Exception {
        reader = new AttributionReader(new AttributionKeys("feature", "customer", "team", List.of()));
        appLoader = getClass().getClassLoader();
        // The application uses its logging (and OpenTelemetry, when it is there) but sets nothing on this thread.
        MDC.get("feature");
        try {
            Class.forName("io.opentelemetry.api.baggage.Baggage", true, appLoader).getMethod("current").invoke(null);
        } catch (ClassNotFoundException absent) {
            // not on the class path in this run
        }
    }

    @Benchmark
    public Object nothingSet() {
        return reader.snapshot(appLoader);
    }
}
