package sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's own use of Jackson, Byte Buddy and the Disruptor, at versions other than the agent's: each must be
 * the app's version and must work, with the agent attached.
 */
public final class OwnLibraries {

    private OwnLibraries() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("own-libraries", base -> {
            String json = new ObjectMapper().writeValueAsString(Map.of("ok", true));
            System.out.println("OWN jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " " + json);

            Object generated = new ByteBuddy().subclass(Object.class)
                    .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app"))
                    .make().load(OwnLibraries.class.getClassLoader()).getLoaded()
                    .getDeclaredConstructor().newInstance();
            System.out.println("OWN byte-buddy " + version("net.bytebuddy", "byte-buddy") + " "
                    + generated);

            AtomicLong received = new AtomicLong();
            CompletableFuture<Long> done = new CompletableFuture<>();
            Disruptor<AtomicLong> disruptor = new Disruptor<>(AtomicLong::new, 64, (java.util.concurrent.ThreadFactory) runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                return thread;
            });
            disruptor.handleEventsWith((event, sequence, endOfBatch) -> {
                if (received.incrementAndGet() == 3) {
                    done.complete(event.get());
                }
            });
            RingBuffer<AtomicLong> ring = disruptor.start();
            for (long i = 1; i <= 3; i++) {
                long value = i;
                ring.publishEvent((event, sequence) -> event.set(value));
            }
            System.out.println("OWN disruptor " + disruptorGeneration() + " "
                    + done.get());
            disruptor.shutdown();
        });
    }

    /** Disruptor 3.x had a constructor taking an Executor; 4.x removed it (its jar carries no version). */
    private static String disruptorGeneration() {
        try {
            Disruptor.class.getConstructor(com.lmax.disruptor.EventFactory.class, int.class,
                    java.util.concurrent.Executor.class);
            return "3.x";
        } catch (NoSuchMethodException e) {
            return "4.x";
        }
    }

    /** The version of a library on the app's class path, from the pom.properties Maven packs into its jar. */
    private static String version(String group, String artifact) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = OwnLibraries.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact
                + "/pom.properties")) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }
}
