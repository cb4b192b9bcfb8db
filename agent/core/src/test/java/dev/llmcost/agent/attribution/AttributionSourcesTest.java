package dev.llmcost.agent.attribution;

import dev.llmcost.api.LlmCost;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The llmcost-api and OpenTelemetry Baggage as attribution sources, read the way the agent reads them: through the
 * class loader of the code that makes the call (here the test's, which has the real jars).
 */
class AttributionSourcesTest {

    private final AttributionReader reader = new AttributionReader(
            new AttributionKeys("feature", "customer", "team", List.of("tenant")));
    private final ClassLoader app = getClass().getClassLoader();

    @Test
    void theApiIsReadWhileItsScopeIsOpen() {
        try (var scope = LlmCost.attribute("feature", "search").and("customer", "acme").and("tenant", "t1")) {
            Attribution who = reader.snapshot(app);
            assertEquals("search", who.feature());
            assertEquals("acme", who.customer());
            assertEquals(null, who.team());
            assertArrayEquals(new String[] {"t1"}, who.extras());
        }
        assertSame(Attribution.NONE, reader.snapshot(app));
    }

    @Test
    void baggageIsReadForTheConfiguredKeys() {
        Baggage baggage = Baggage.builder().put("feature", "rag").put("team", "growth").put("other", "x").build();
        try (Scope scope = baggage.makeCurrent()) {
            Attribution who = reader.snapshot(app);
            assertEquals("rag", who.feature());
            assertEquals("growth", who.team());
            assertEquals(null, who.customer());
        }
        assertSame(Attribution.NONE, reader.snapshot(app));
    }

    @Test
    void theApiWinsOverBaggageKeyByKey() {
        try (Scope baggage = Baggage.builder().put("feature", "from-baggage").put("team", "growth").build()
                .makeCurrent();
             var api = LlmCost.attribute("feature", "from-api")) {
            Attribution who = reader.snapshot(app);
            assertEquals("from-api", who.feature());
            assertEquals("growth", who.team());
        }
    }

    @Test
    void anApplicationWithoutOpenTelemetrysCommonJarIsReadWithoutAFailure() throws Exception {
        // A class path with opentelemetry-api and -context but not -common: Baggage loads, Baggage.current()
        // cannot link. The snapshot says nothing, throws nothing, and the source is not asked again.
        java.net.URL[] jars = {Baggage.class.getProtectionDomain().getCodeSource().getLocation(),
                Scope.class.getProtectionDomain().getCodeSource().getLocation()};
        try (java.net.URLClassLoader partial = new java.net.URLClassLoader(jars,
                ClassLoader.getPlatformClassLoader())) {
            Class<?> baggage = Class.forName("io.opentelemetry.api.baggage.Baggage", true, partial);
            assertEquals(NoClassDefFoundError.class, org.junit.jupiter.api.Assertions.assertThrows(
                    java.lang.reflect.InvocationTargetException.class,
                    () -> baggage.getMethod("current").invoke(null)).getCause().getClass());
            assertSame(Attribution.NONE, reader.snapshot(partial));
            assertSame(Attribution.NONE, reader.snapshot(partial));
        }
    }

    @Test
    void theApiIsCarriedToAnotherThreadByValueAndDoesNotLeakIntoTheNextTask() throws Exception {
        CarriedAttribution carried = new CarriedAttribution(reader);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Runnable[] tasks = new Runnable[2];
            Attribution[] seen = new Attribution[2];
            for (int i = 0; i < 2; i++) {
                int index = i;
                // What the executors instrumentation does: capture at submit, attach around the run.
                tasks[i] = () -> {
                    Object token = carried.attachOnly(tasks[index]);
                    try {
                        seen[index] = carried.current(app);
                    } finally {
                        carried.restore(token);
                    }
                };
            }
            try (var scope = LlmCost.attribute("feature", "search").and("customer", "acme")) {
                carried.capture(tasks[0]);
                // Changed after the submit: the task keeps what was in force when it was submitted.
                scope.and("customer", "later");
            }
            pool.submit(tasks[0]).get();
            carried.capture(tasks[1]);
            pool.submit(tasks[1]).get();
            assertEquals("search", seen[0].feature());
            assertEquals("acme", seen[0].customer());
            assertEquals(true, seen[1].isEmpty(), String.valueOf(seen[1]));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void baggageIsCarriedToo() throws Exception {
        CarriedAttribution carried = new CarriedAttribution(reader);
        Runnable task = () -> { };
        try (Scope scope = Baggage.builder().put("team", "growth").build().makeCurrent()) {
            carried.capture(task);
        }
        Attribution[] seen = new Attribution[1];
        Thread other = new Thread(() -> {
            Object token = carried.attach(task);
            try {
                seen[0] = carried.current(app);
            } finally {
                carried.restore(token);
            }
        });
        other.start();
        other.join();
        assertEquals("growth", seen[0].team());
    }
}
