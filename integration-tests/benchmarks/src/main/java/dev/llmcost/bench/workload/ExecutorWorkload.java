package dev.llmcost.bench.workload;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured JVM of the executor harness: an application that knows nothing of llmcost (it uses SLF4J's MDC and,
 * like an application traced with OpenTelemetry, the OpenTelemetry context) pushing many small tasks through a
 * {@code ThreadPoolExecutor}, a {@code ForkJoinPool} (external submissions, and a fork/join tree) and
 * {@code CompletableFuture.supplyAsync(..).thenApplyAsync(..)} chains. At most {@code IN_FLIGHT} tasks are queued
 * at once, so memory stays flat and every task really hops to a worker.
 *
 * <p>{@code bare}: the submitting thread has nothing in its MDC nor in its OpenTelemetry context (there is nothing
 * to carry). {@code attributed}: it has feature/customer/team in its MDC (what llmcost carries) and a span current in its
 * OpenTelemetry context (what the OpenTelemetry agent carries), so each agent has its own work to do.
 *
 * <p>Prints one {@code BENCH} line: per workload, the median over the measured repetitions of wall-clock ns per
 * task, process CPU ns per task and bytes allocated per task by all threads (times ten, for one decimal); and how many sampled tasks saw the
 * submitter's span on their worker (proof that the yardstick propagates).
 *
 * <pre>java -cp executor-workload.jar dev.llmcost.bench.workload.ExecutorWorkload
 *      &lt;bare|attributed&gt; &lt;tasks&gt; &lt;warmup reps&gt; &lt;measured reps&gt; [threads]</pre>
 */
public final class ExecutorWorkload {

    private static final int IN_FLIGHT = 1024;
    private static final int SAMPLE_MASK = 1023;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private static final AtomicLong sampled = new AtomicLong();
    private static final AtomicLong sawContext = new AtomicLong();
    static volatile long sink;

    private ExecutorWorkload() {
    }

    public static void main(String[] args) throws Exception {
        boolean attributed = args[0].equals("attributed");
        int tasks = Integer.parseInt(args[1]);
        int warmupReps = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        THREADS.setThreadAllocatedMemoryEnabled(true);

        ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>());
        tpe.prestartAllCoreThreads();
        ForkJoinPool fjp = new ForkJoinPool(threads);

        Scope scope = null;
        if (attributed) {
            MDC.put("feature", "bench-feature");
            MDC.put("customer", "bench-customer");
            MDC.put("team", "bench-team");
            scope = Context.current().with(Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c",
                    "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()))).makeCurrent();
        } else {
            MDC.get("feature"); // the application's logging is up, as in any real application
        }

        Map<String, Runnable> workloads = new LinkedHashMap<>();
        workloads.put("tpe", () -> throughExecutor(tpe, tasks));
        workloads.put("fjp", () -> throughExecutor(fjp, tasks));
        workloads.put("fork", () -> fjp.invoke(new Leaves(0, tasks)));
        workloads.put("cf", () -> completableFutureChains(fjp, tasks / 2));

        StringBuilder line = new StringBuilder("BENCH");
        for (Map.Entry<String, Runnable> workload : workloads.entrySet()) {
            for (int i = 0; i < warmupReps; i++) {
                workload.getValue().run();
            }
            sampled.set(0);
            sawContext.set(0);
            List<long[]> measured = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                System.gc(); // each repetition starts from a collected heap, in every configuration alike
                measured.add(measure(workload.getValue(), tasks));
            }
            String name = workload.getKey();
            line.append(' ').append(name).append("_ns=").append(median(measured, 0))
                    .append(' ').append(name).append("_cpu_ns=").append(median(measured, 1))
                    .append(' ').append(name).append("_alloc_b_x10=").append(median(measured, 2))
                    .append(' ').append(name).append("_ctx_seen_pct=")
                    .append(sampled.get() == 0 ? 0 : 100 * sawContext.get() / sampled.get());
        }
        if (scope != null) {
            scope.close();
        }
        tpe.shutdown();
        fjp.shutdown();
        System.out.println(line);
    }

    /** ns per task (wall), process CPU ns per task, bytes allocated per task by every live thread, in tenths. */
    private static long[] measure(Runnable workload, int tasks) {
        long allocatedBefore = allocatedByAllThreads();
        long cpuBefore = OS.getProcessCpuTime();
        long start = System.nanoTime();
        workload.run();
        long wall = System.nanoTime() - start;
        long cpu = OS.getProcessCpuTime() - cpuBefore;
        long allocated = allocatedByAllThreads() - allocatedBefore;
        return new long[] {wall / tasks, cpu / tasks, allocated * 10 / tasks};
    }

    private static long allocatedByAllThreads() {
        long[] ids = THREADS.getAllThreadIds();
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    private static long median(List<long[]> runs, int index) {
        long[] values = runs.stream().mapToLong(run -> run[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private static void throughExecutor(java.util.concurrent.Executor executor, int tasks) {
        for (int i = 0; i < tasks; i++) {
            inFlight.acquireUninterruptibly();
            int seed = i;
            executor.execute(() -> {
                try {
                    work(seed);
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
    }

    /** {@code chains} chains of two async stages each: 2 x chains tasks. */
    private static void completableFutureChains(ForkJoinPool pool, int chains) {
        for (int i = 0; i < chains; i++) {
            inFlight.acquireUninterruptibly();
            int seed = i;
            CompletableFuture.supplyAsync(() -> work(seed), pool)
                    .thenApplyAsync(value -> work(value.intValue()), pool)
                    .whenComplete((value, failure) -> inFlight.release());
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
    }

    /** A small task: a few arithmetic steps; one task in 1024 also looks at its OpenTelemetry context. */
    static long work(int seed) {
        long x = seed * 0x9E3779B97F4A7C15L;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        if ((seed & SAMPLE_MASK) == 0) {
            sampled.incrementAndGet();
            if (Span.current().getSpanContext().isValid()) {
                sawContext.incrementAndGet();
            }
        }
        sink = x;
        return x;
    }

    /** A fork/join tree with one leaf task per index: every inner node forks its left half. */
    static final class Leaves extends RecursiveAction {
        private final int from;
        private final int to;

        Leaves(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= 1) {
                work(from);
                return;
            }
            int middle = (from + to) >>> 1;
            Leaves left = new Leaves(from, middle);
            left.fork();
            new Leaves(middle, to).compute();
            left.join();
        }
    }
}
