package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ship} against a real Kafka broker: what agents wrote to a host's queue ends up on the topic exactly once,
 * through {@code kill -9} of the shipper at random moments and through the broker being killed and restarted. The
 * topic is compared with the queue as the local collector reads it (its own count of the queue's records and its
 * ledger's event ids), never with anything ship says about itself.
 */
class ShipToKafkaTest {

    private static final Pattern RECORDS_READ = Pattern.compile("llmcost: (\\d+) new records? read");

    private static OpenAiStub stub;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws IOException {
        stub = new OpenAiStub();
        broker = KafkaBroker.started();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void onceShipsARealAgentsQueueExactlyOnceAndARerunShipsNothing(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        runApp(queue, 150);

        Processes.Result shipped = ship(queue, "calls-once", "--once", "--partitions", "3");
        assertEquals(0, shipped.exitCode(), shipped.toString());
        assertTrue(shipped.stdout().contains("llmcost: ship: shipped "), shipped.toString());
        List<ShippedTopic.Shipped> topic = ShippedTopic.read(broker, "calls-once");
        assertExactlyOnce(topic, queue, dir.resolve("local"), 150);

        Map<String, Integer> partitionOfAgent = new HashMap<>();
        for (ShippedTopic.Shipped record : topic) {
            assertEquals(record.json().get("agent_id").asText(), record.key(), "keyed by the agent's id");
            Integer partition = partitionOfAgent.putIfAbsent(record.key(), record.partition());
            assertTrue(partition == null || partition == record.partition(), "one agent, one partition");
        }

        Processes.Result again = ship(queue, "calls-once", "--once");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("shipped 0 records"), again.toString());
        assertEquals(topic.size(), ShippedTopic.read(broker, "calls-once").size(), "a rerun adds nothing");
    }

    @Test
    void killedWithSigkillAtRandomMomentsWhileAgentsWriteNeitherLosesNorRepeats(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("ShipToKafkaTest kill loop seed " + seed);
        int appRuns = 4;
        int callsPerRun = 100;
        Thread writer = writeInBackground(queue, appRuns, callsPerRun);

        int kills = 0;
        while (writer.isAlive() || kills < 6) {
            Process shipper = startShip(queue, "calls-kills", "--follow", "--batch-size", "7", "--poll-ms", "20");
            Thread.sleep(600 + random.nextInt(2500)); // start-up, connecting, or in the middle of a transaction
            if (!shipper.isAlive()) {
                throw new AssertionError("ship exited: " + Processes.output(shipper, shipper.exitValue()));
            }
            shipper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            kills++;
        }
        writer.join();

        Processes.Result drain = ship(queue, "calls-kills", "--once");
        assertEquals(0, drain.exitCode(), drain.toString());
        List<ShippedTopic.Shipped> topic = ShippedTopic.read(broker, "calls-kills");
        assertExactlyOnce(topic, queue, dir.resolve("local"), appRuns * callsPerRun);
        System.out.println("ShipToKafkaTest: " + kills + " kills, " + topic.size() + " records exactly once");
    }

    @Test
    void aBrokerKilledAndRestartedMidRunLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        try (KafkaBroker own = new KafkaBroker(dir.resolve("broker"))) {
            own.start();
            Thread writer = writeInBackground(queue, 3, 100);
            Process shipper = Processes.start(shipCommand(own, queue, "calls-outage", "--follow", "--batch-size",
                    "10", "--poll-ms", "20", "--status-every", "1", "--backoff-max", "2"));
            waitFor(() -> shippedSoFar(own, "calls-outage") >= 20, shipper, "some records shipped");

            own.kill();
            // The agents keep writing; ship notices when its next call to Kafka times out, and waits.
            waitFor(() -> Processes.output(shipper, -1).stderr().contains("Kafka is unreachable"), shipper,
                    "ship reporting the outage");
            Thread.sleep(3_000);
            own.start();
            writer.join();

            long queueRecords = queueRecords(queue, dir.resolve("count"));
            waitFor(() -> shippedSoFar(own, "calls-outage") >= queueRecords, shipper,
                    "the whole queue shipped after the outage");
            shipper.destroy(); // SIGTERM: ship stops between transactions
            assertTrue(shipper.waitFor(30, TimeUnit.SECONDS), "ship stopped on SIGTERM");
            Processes.Result result = Processes.output(shipper, shipper.exitValue());
            System.out.println("ShipToKafkaTest, the broker killed and restarted under ship --follow:\n" + result);
            // 143: the JVM's status after SIGTERM; the summary says the shipper stopped in order.
            assertEquals(143, result.exitCode(), result.toString());
            assertTrue(result.stdout().contains("llmcost: ship: shipped "), result.toString());

            assertEquals(1, count(result.stderr(), "Kafka is unreachable"), "one message when down:\n" + result);
            assertEquals(1, count(result.stderr(), "Kafka is reachable again"), "one when back:\n" + result);
            assertTrue(result.stdout().contains("llmcost: ship: lag "), "a lag line:\n" + result);
            assertTrue(result.stdout().contains("Kafka unreachable for"), "the lag said during the outage:\n"
                    + result);
            assertTrue(result.stdout().lines().anyMatch(line -> line.startsWith("llmcost: ship: shipped ")
                    && line.endsWith("lag 0 records, 0.0 s behind the queue's newest record")), "caught up:\n" + result);
            assertExactlyOnce(ShippedTopic.read(own, "calls-outage"), queue, dir.resolve("local"), 300);
        }
    }

    @Test
    void kafkaConfigFileIsUsedAndOneThatSetsTheTransactionalIdIsRefused(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        runApp(queue, 20);

        Path harmless = dir.resolve("harmless.properties");
        Files.writeString(harmless, "compression.type=gzip\nlinger.ms=5\nclient.dns.lookup=use_all_dns_ips\n");
        Processes.Result shipped = ship(queue, "calls-config", "--once", "--kafka-config", harmless.toString());
        assertEquals(0, shipped.exitCode(), shipped.toString());
        assertExactlyOnce(ShippedTopic.read(broker, "calls-config"), queue, dir.resolve("local"), 20);

        // SASL against a plaintext listener: the file's settings are what the clients use, so nothing gets through,
        // and the password in it is never printed.
        Path sasl = dir.resolve("sasl.properties");
        Files.writeString(sasl, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                + "password=\"hunter2-secret\";\n");
        Path otherQueue = dir.resolve("other-queue");
        runApp(otherQueue, 3);
        Process refusedByBroker = Processes.start(shipCommand(broker, otherQueue, "calls-sasl", "--once",
                "--kafka-config", sasl.toString(), "--backoff-max", "1"));
        waitFor(() -> Processes.output(refusedByBroker, -1).stderr().contains("Kafka is unreachable"),
                refusedByBroker, "ship reporting it cannot get through");
        refusedByBroker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Processes.Result saslResult = Processes.output(refusedByBroker, -1);
        assertFalse(saslResult.toString().contains("hunter2-secret"), saslResult.toString());

        Path owning = dir.resolve("owning.properties");
        Files.writeString(owning, "sasl.jaas.config=secret-value-42\ntransactional.id=mine\n");
        Processes.Result refused = ship(queue, "calls-config", "--once", "--kafka-config", owning.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("transactional.id"), refused.toString());
        assertFalse(refused.toString().contains("secret-value-42"), refused.toString());
    }

    @Test
    void aCorruptQueueFileIsAnErrorNotASilentGap(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        runApp(queue, 30);
        // Scribble over the header of the 10th call, as a bad disk or a stray write would.
        Path cycle;
        try (var files = Files.list(queue)) {
            cycle = files.filter(file -> file.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cycle);
        byte[] marker = "{\"type\":\"call\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = -1;
        for (int found = 0; found < 10; found++) {
            at = indexOf(bytes, marker, at + 1);
        }
        java.util.Arrays.fill(bytes, at - 4, at + 20, (byte) 0xFF);
        Files.write(cycle, bytes);

        Processes.Result shipped = ship(queue, "calls-corrupt", "--once");
        assertEquals(2, shipped.exitCode(), shipped.toString());
        assertTrue(shipped.stderr().contains("than could be read"), shipped.toString());
        List<ShippedTopic.Shipped> topic = ShippedTopic.read(broker, "calls-corrupt");
        assertTrue(topic.size() >= 9, "what comes before the damage is shipped: " + topic.size());
        assertEquals(topic.size(), topic.stream().map(ShippedTopic.Shipped::queueIndex).distinct().count());
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /**
     * Every record of the queue on the topic once: as many records as the local collector reads from the queue,
     * each queue index once, and the calls' event ids exactly the local ledger's.
     */
    private static void assertExactlyOnce(List<ShippedTopic.Shipped> topic, Path queue, Path scratch, int calls)
            throws Exception {
        long queueRecords = queueRecords(queue, scratch);
        Set<Long> indexes = new HashSet<>();
        List<String> shippedEvents = new ArrayList<>();
        Set<String> shippers = new HashSet<>();
        for (ShippedTopic.Shipped record : topic) {
            assertTrue(indexes.add(record.queueIndex()), "queue index " + Long.toHexString(record.queueIndex())
                    + " shipped twice");
            shippers.add(record.shipper());
            JsonNode json = record.json();
            if (json.get("type").asText().equals("call")) {
                shippedEvents.add(json.get("event_id").asText());
            }
        }
        assertEquals(queueRecords, topic.size(), "records on the topic, against the queue's");
        assertEquals(1, shippers.size(), "one shipper per queue: " + shippers);
        Set<String> localEvents = new HashSet<>();
        for (JsonNode row : new Ledger(scratch).rows) {
            localEvents.add(row.get("event_id").asText());
        }
        assertEquals(calls, localEvents.size(), "the apps' calls in the local ledger");
        assertEquals(shippedEvents.size(), new HashSet<>(shippedEvents).size(), "no call twice on the topic");
        assertEquals(localEvents, new HashSet<>(shippedEvents), "the topic's calls are the queue's");
    }

    /** How many records the queue holds, as the local collector counts them (into a fresh scratch output). */
    private static long queueRecords(Path queue, Path scratch) throws Exception {
        assertFalse(Files.exists(scratch), "a fresh output, so that the collector reads the whole queue");
        Processes.Result collected = Processes.collect(queue, scratch, "--once");
        assertEquals(0, collected.exitCode(), collected.toString());
        Matcher matcher = RECORDS_READ.matcher(collected.stdout());
        assertTrue(matcher.find(), collected.toString());
        return Long.parseLong(matcher.group(1));
    }

    private static void runApp(Path queue, int calls) throws Exception {
        Processes.Result app = Processes.run(Processes.javaCommand(Artifacts.java(),
                "queue.dir=" + queue + ",attributes.extra=call", Artifacts.sampleApp("sample-app"),
                List.of("--base-url", stub.baseUrl(), "burst", Integer.toString(calls))), Duration.ofMinutes(2));
        assertEquals(0, app.exitCode(), app.toString());
    }

    /** Agents writing the queue while the test does its worst: one app JVM after another. */
    private static Thread writeInBackground(Path queue, int runs, int callsEach) {
        Thread writer = new Thread(() -> {
            try {
                for (int run = 0; run < runs; run++) {
                    runApp(queue, callsEach);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "agents");
        writer.setUncaughtExceptionHandler((thread, e) -> e.printStackTrace());
        writer.start();
        return writer;
    }

    private static Processes.Result ship(Path queue, String topic, String... args) throws Exception {
        return Processes.run(shipCommand(broker, queue, topic, args), Duration.ofMinutes(3));
    }

    private static Process startShip(Path queue, String topic, String... args) throws IOException {
        return Processes.start(shipCommand(broker, queue, topic, args));
    }

    private static List<String> shipCommand(KafkaBroker to, Path queue, String topic, String... args) {
        List<String> shipArgs = new ArrayList<>(List.of("ship", "--queue", queue.toString(), "--kafka",
                to.bootstrap(), "--topic", topic));
        shipArgs.addAll(List.of(args));
        return Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), shipArgs);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, Process shipper, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.holds()) {
            if (!shipper.isAlive()) {
                throw new AssertionError("ship exited before " + what + ": "
                        + Processes.output(shipper, shipper.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + Processes.output(shipper, -1));
            }
            Thread.sleep(250);
        }
    }

    /** While ship works on it the topic may not exist yet, or be unreadable for a moment. */
    private static int shippedSoFar(KafkaBroker from, String topic) {
        try {
            return ShippedTopic.read(from, topic).size();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    private static int count(String text, String phrase) {
        int count = 0;
        for (int at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
            count++;
        }
        return count;
    }
}
