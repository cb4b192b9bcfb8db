package sample;

import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request handler that sets its MDC and hands the LLM call to another thread, in every way Java code does:
 * executors, scheduled executors, fork/join pools, CompletableFuture, parallel streams, new and virtual threads,
 * timers. The MDC is set only on the submitting thread; the task never sets it (except where a scenario says).
 */
final class HopCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** One long-lived pool, as services have: its threads are reused across requests. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final ExecutorService SINGLE = Executors.newSingleThreadExecutor();
    private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);

    private HopCalls() {
    }

    static void register(Map<String, SampleApp.Scenario> scenarios) {
        hop(scenarios, "hop-execute", call -> {
            CountDownLatch done = new CountDownLatch(1);
            POOL.execute(() -> {
                call.run();
                done.countDown();
            });
            done.await();
        });
        hop(scenarios, "hop-submit", call -> POOL.submit(callable(call)).get());
        hop(scenarios, "hop-invoke-all", call -> POOL.invokeAll(List.of(callable(call))).get(0).get());
        hop(scenarios, "hop-schedule", call -> SCHEDULER.schedule(callable(call), 5, TimeUnit.MILLISECONDS).get());
        hop(scenarios, "hop-schedule-periodic", call -> {
            CountDownLatch twice = new CountDownLatch(2);
            ScheduledFuture<?> periodic = SCHEDULER.scheduleAtFixedRate(() -> {
                if (twice.getCount() > 0) {
                    call.run();
                    twice.countDown();
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            twice.await();
            periodic.cancel(false);
        });
        hop(scenarios, "hop-fork-join-pool", call -> {
            ForkJoinPool pool = new ForkJoinPool(2);
            pool.submit(callable(call)).get();
            pool.shutdown();
        });
        hop(scenarios, "hop-common-pool", call -> ForkJoinPool.commonPool().submit(callable(call)).get());
        hop(scenarios, "hop-supply-async", call -> CompletableFuture.supplyAsync(() -> {
            call.run();
            return null;
        }).join());
        hop(scenarios, "hop-supply-async-executor", call -> CompletableFuture.supplyAsync(() -> {
            call.run();
            return null;
        }, POOL).thenApplyAsync(ignored -> ignored, POOL).join());
        hop(scenarios, "hop-parallel-stream", call -> List.of(1, 2, 3).parallelStream().forEach(i -> call.run()));
        hop(scenarios, "hop-thread", call -> {
            Thread thread = new Thread(call::run);
            thread.start();
            thread.join();
        });
        hop(scenarios, "hop-virtual-thread", call -> {
            // Java 21+ (called reflectively: the app is built for 17): Thread.ofVirtual().start(task), and the
            // virtual-thread-per-task executor.
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Thread thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, (Runnable) call::run);
            thread.join();
            ExecutorService perTask = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
            perTask.submit(callable(call)).get();
            perTask.shutdown();
        });
        hop(scenarios, "hop-timer", call -> {
            CountDownLatch done = new CountDownLatch(1);
            Timer timer = new Timer("sample-timer", true);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    call.run();
                    done.countDown();
                }
            }, 5);
            done.await();
            timer.cancel();
        });
        // A pooled thread that ran an attributed task runs the next, submitted with no MDC, unattributed.
        scenarios.put("hop-no-leak", base -> {
            Attribution.as("hop-no-leak-first", "acme", "hops", () -> SINGLE.submit(callable(() ->
                    call(base, "hop-no-leak-first"))).get());
            SINGLE.submit(callable(() -> call(base, "hop-no-leak-second"))).get();
        });
        // A task that sets its own MDC wins, key by key, over what was captured where it was submitted.
        scenarios.put("hop-task-mdc-wins", base -> Attribution.as("hop-outer", "acme", "hops", () ->
                POOL.submit(callable(() -> {
                    MDC.put("feature", "hop-task-mdc-wins");
                    try {
                        call(base, "hop-task-mdc-wins");
                    } finally {
                        MDC.remove("feature");
                    }
                })).get()));
    }

    interface Hop {
        void submit(Call call) throws Exception;
    }

    interface Call {
        void run();
    }

    /** The scenario sets the MDC (feature = its name, customer acme, team hops) and makes the call through a hop. */
    private static void hop(Map<String, SampleApp.Scenario> scenarios, String name, Hop hop) {
        scenarios.put(name, base -> Attribution.as(name, "acme", "hops", () -> hop.submit(() -> call(base, name))));
    }

    private static Callable<Object> callable(Call call) {
        return () -> {
            call.run();
            return null;
        };
    }

    /** One chat call over the JDK client, on whatever thread runs it; the scenario's name is its RESULT. */
    private static void call(String base, String scenario) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/json/v1/chat/"
                    + "completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Attribution.CHAT_BODY)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Results.print(scenario + " on " + Thread.currentThread().getName().replace(' ', '_'),
                    response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
