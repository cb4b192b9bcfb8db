package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code collect --kafka} against a real broker: collectors of one group killed with SIGKILL and restarted while
 * records arrive, partitions moving between them at every join and leave, the broker itself killed — and in the
 * end every record in exactly one shard's ledger, with the totals of one collector that read them all. The records
 * are produced here as {@code ship} produces them (the queue record's JSON, keyed by agent, in transactions); the
 * fleet test runs the real shippers.
 */
class KafkaCollectTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.started();
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        broker.close();
    }

    @Test
    void collectorsKilledAndRebalancedCollectEveryRecordOnce(@TempDir Path dir) throws Exception {
        String topic = "kill-loop.calls";
        Path shardA = dir.resolve("shard-a");
        Path shardB = dir.resolve("shard-b");
        int total = 4_000;
        AtomicInteger produced = new AtomicInteger();
        Thread producer = new Thread(() -> produce(topic, 0, total, 100, 400, produced), "test-producer");
        producer.start();

        Random random = new Random(11);
        List<Process> running = new ArrayList<>();
        int kills = 0;
        do {
            // Each round, one shard is killed at a random moment and started again: the group rebalances at each
            // leave and join, and the killed one's partitions move to the other after its session times out.
            Path victim = kills % 2 == 0 ? shardA : shardB;
            if (running.isEmpty()) {
                running.add(startCollector(topic, "kill-loop", shardA, "--follow", "--batch-size", "200"));
                running.add(startCollector(topic, "kill-loop", shardB, "--follow", "--batch-size", "200"));
            }
            Thread.sleep(3_000 + random.nextInt(4_000));
            int index = victim == shardA ? 0 : 1;
            running.get(index).destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
            running.set(index, startCollector(topic, "kill-loop", victim, "--follow", "--batch-size", "200"));
            kills++;
        } while (producer.isAlive());
        for (Process collector : running) {
            collector.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(kills >= 3, "killed " + kills + " times");
        producer.join();
        assertEquals(total, produced.get());

        // Both shards drain what is left; a partition of a member killed a moment ago is handed on within 15 s.
        Process a = startCollector(topic, "kill-loop", shardA, "--follow");
        Process b = startCollector(topic, "kill-loop", shardB, "--follow");
        CollectorRuns.awaitCommittedRows(total, Duration.ofMinutes(2), shardA, shardB);
        stopGently(a);
        stopGently(b);

        Set<String> ids = new HashSet<>();
        List<JsonNode> rows = new ArrayList<>();
        rows.addAll(new Ledger(shardA).rows);
        rows.addAll(new Ledger(shardB).rows);
        for (JsonNode row : rows) {
            assertTrue(ids.add(row.get("event_id").asText()), "twice: " + row);
        }
        assertEquals(total, ids.size(), "every record once across the shards");
        assertTrue(!new Ledger(shardA).rows.isEmpty() && !new Ledger(shardB).rows.isEmpty(), "both shards took part");

        // One collector in a group of its own reads all of it: the same calls, the same cost.
        Path single = dir.resolve("single");
        Processes.Result one = collectOnce(topic, "single", single);
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(cost(new Ledger(single).rows), cost(rows), "totals of the shards = one collector's");
        assertEquals(total, new Ledger(single).rows.size());
        // And the commands that read the shards as one print what one collector's output gives.
        List<String> report = List.of("report", "--by", "feature,customer", "--format", "csv");
        assertEquals(CollectorRuns.read(report, List.of(single)), CollectorRuns.read(report, List.of(shardA, shardB)));
    }


    @Test
    void collectorsJoiningAndLeavingTheGroupNeitherLoseNorRepeat(@TempDir Path dir) throws Exception {
        String topic = "rebalance.calls";
        Path shardA = dir.resolve("a");
        Path shardB = dir.resolve("b");
        Path shardC = dir.resolve("c");
        int total = 3_000;
        AtomicInteger produced = new AtomicInteger();
        Thread producer = new Thread(() -> produce(topic, 0, total, 50, 250, produced), "test-producer");
        producer.start();
        // A alone; B joins; C joins; A leaves (SIGTERM: it commits and leaves the group at once); A joins again;
        // B leaves. Every join and leave moves partitions between the members.
        Process a = startCollector(topic, "rebalance", shardA, "--follow");
        Thread.sleep(4_000);
        Process b = startCollector(topic, "rebalance", shardB, "--follow");
        Thread.sleep(3_000);
        Process c = startCollector(topic, "rebalance", shardC, "--follow");
        Thread.sleep(3_000);
        stopGently(a);
        Thread.sleep(2_000);
        a = startCollector(topic, "rebalance", shardA, "--follow");
        Thread.sleep(3_000);
        stopGently(b);
        producer.join();
        assertEquals(total, produced.get());
        CollectorRuns.awaitCommittedRows(total, Duration.ofMinutes(2), shardA, shardB, shardC);
        stopGently(a);
        stopGently(c);

        Set<String> ids = new HashSet<>();
        int shardsWithRows = 0;
        for (Path shard : List.of(shardA, shardB, shardC)) {
            List<JsonNode> rows = new Ledger(shard).rows;
            shardsWithRows += rows.isEmpty() ? 0 : 1;
            for (JsonNode row : rows) {
                assertTrue(ids.add(row.get("event_id").asText()), "twice: " + row);
            }
        }
        assertEquals(total, ids.size(), "every record once across the shards");
        assertEquals(3, shardsWithRows, "each member read some partitions");
    }

    @Test
    void brokerKilledAndRestartedMidRunLosesNothing(@TempDir Path dir) throws Exception {
        String topic = "outage.calls";
        Path out = dir.resolve("out");
        produce(topic, 0, 500, 100, 0, new AtomicInteger());
        Process collector = startCollector(topic, "outage", out, "--follow");
        CollectorRuns.awaitCommittedRows(500, Duration.ofMinutes(1), out);

        broker.kill();
        Thread.sleep(8_000);
        broker.restart();
        produce(topic, 500, 500, 100, 0, new AtomicInteger());
        CollectorRuns.awaitCommittedRows(1_000, Duration.ofMinutes(2), out);
        Processes.Result result = stopGently(collector);

        List<JsonNode> rows = new Ledger(out).rows;
        assertEquals(1_000, rows.size(), result.toString());
        assertEquals(1_000, rows.stream().map(row -> row.get("event_id").asText()).distinct().count());
        assertTrue(result.stderr().contains("is unreachable"), result.stderr());
        assertTrue(result.stderr().contains("is reachable again"), result.stderr());
        assertTrue(!result.stderr().contains("WARN"), "the Kafka client's own warnings are not shown\n"
                + result.stderr());
    }

    @Test
    void aShardServesItsSpendToPrometheus(@TempDir Path dir) throws Exception {
        String topic = "metrics.calls";
        produce(topic, 0, 300, 100, 0, new AtomicInteger());
        Path out = dir.resolve("out");
        Process collector = startCollector(topic, "metrics", out, "--follow", "--metrics-port", "0",
                "--metrics-host", "127.0.0.1");
        CollectorRuns.awaitCommittedRows(300, Duration.ofMinutes(1), out);
        BigDecimal ledger = cost(new Ledger(out).rows);
        String metrics = "";
        BigDecimal served = BigDecimal.ZERO;
        // A label combination is shown at 0 to its first scrape (so that rate() counts its first batch): scrape on.
        for (int attempt = 0; attempt < 40 && served.compareTo(ledger) < 0; attempt++) {
            Thread.sleep(250);
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics: http://[^:]+:(\\d+)/metrics")
                    .matcher(Processes.output(collector, -1).stdout());
            if (port.find()) {
                metrics = new String(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/metrics").toURL()
                        .openStream().readAllBytes(), StandardCharsets.UTF_8);
                served = metrics.lines().filter(line -> line.startsWith("llmcost_cost_usd_total{"))
                        .map(line -> new BigDecimal(line.substring(line.lastIndexOf(' ') + 1)))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
            }
        }
        stopGently(collector);
        assertTrue(served.subtract(ledger).abs().compareTo(new BigDecimal("1e-9")) < 0,
                "served " + served + ", ledger " + ledger + "\n" + metrics);
        assertTrue(metrics.contains("llmcost_collector_lag_records 0.0"), metrics);
    }

    @Test
    void aRecordThatIsNotAQueueRecordIsKeptWithWhereItCameFrom(@TempDir Path dir) throws Exception {
        String topic = "bad.calls";
        produce(topic, 0, 3, 3, 0, new AtomicInteger());
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer("bad-producer")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "agent-x".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }
        Path out = dir.resolve("out");
        Processes.Result result = collectOnce(topic, "bad", out);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(3, new Ledger(out).rows.size());
        assertTrue(result.stderr().contains("Kafka record bad.calls-0@"), result.stderr());
        String rejected;
        try (Stream<Path> files = Files.list(out.resolve("rejected"))) {
            rejected = Files.readString(files.findFirst().orElseThrow());
        }
        assertTrue(rejected.contains("\"origin\":\"Kafka record bad.calls-0@"), rejected);
        assertTrue(rejected.contains("{not json"), rejected);
    }

    @Test
    void budgetsAreEvaluatedByOneCollectorThatReadsEveryPartition(@TempDir Path dir) throws Exception {
        String topic = "budgets.calls";
        produce(topic, 0, 60, 60, 0, new AtomicInteger());
        Path budgets = dir.resolve("budgets.json");
        Files.writeString(budgets, """
                {"budgets": [{"name": "all", "scope": {"feature": "*"}, "period": "month", "limit_usd": "1000"}]}
                """);
        Process first = startCollector(topic, "budgets", dir.resolve("a"), "--follow", "--budgets",
                budgets.toString());
        CollectorRuns.awaitCommittedRows(60, Duration.ofMinutes(1), dir.resolve("a"));
        Process second = startCollector(topic, "budgets", dir.resolve("b"), "--follow", "--budgets",
                budgets.toString());
        assertTrue(second.waitFor(90, TimeUnit.SECONDS), "a second budgets collector in the group stops");
        Processes.Result refused = Processes.output(second, second.exitValue());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("one collector must read every partition"), refused.stderr());
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aKafkaConfigFileCannotTakeOverWhatExactlyOnceNeeds(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "isolation.level=read_uncommitted\n");
        Processes.Result result = Processes.run(collectorCommand("any.calls", "x", dir.resolve("out"), "--once",
                "--kafka-config", config.toString()), Duration.ofMinutes(1));
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("sets isolation.level, which llmcost sets itself"), result.stderr());
    }

    // --- helpers

    private static void produce(String topic, int from, int count, int perTransaction, long pauseMillis,
                                AtomicInteger produced) {
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer("test-" + topic)) {
            for (int start = from; start < from + count; start += perTransaction) {
                producer.beginTransaction();
                for (int n = start; n < Math.min(start + perTransaction, from + count); n++) {
                    String agent = "agent-" + (n % 7);
                    producer.send(new ProducerRecord<>(topic, agent.getBytes(StandardCharsets.UTF_8),
                            callRecord(n, agent).getBytes(StandardCharsets.UTF_8)));
                }
                producer.commitTransaction();
                produced.addAndGet(Math.min(perTransaction, from + count - start));
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(String id) {
        Properties properties = broker.clientProperties();
        properties.put("transactional.id", id);
        properties.put("key.serializer", ByteArraySerializer.class.getName());
        properties.put("value.serializer", ByteArraySerializer.class.getName());
        properties.put("delivery.timeout.ms", "120000");
        properties.put("max.block.ms", "60000");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
        createTopic(id);
        producer.initTransactions();
        return producer;
    }

    /** The topics are made by collect or ship; a test that produces first makes them the same way. */
    private static void createTopic(String producerId) {
        String topic = producerId.startsWith("test-") ? producerId.substring(5) : null;
        if (topic == null) {
            return;
        }
        try (var admin = org.apache.kafka.clients.admin.Admin.create(broker.clientProperties())) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 6, (short) 1)))
                        .all().get();
            }
        } catch (Exception e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One call as an agent writes it to its queue (and ship sends it): 1,000 input tokens of gpt-4o-mini. */
    private static String callRecord(int n, String agent) {
        return "{\"type\":\"call\",\"v\":2,\"event_id\":\"kafka-" + n + "\",\"agent_id\":\"" + agent + "\","
                + "\"timestamp_ms\":" + (1764000000000L + n) + ",\"duration_ms\":5,\"provider\":\"openai\","
                + "\"operation\":\"chat\",\"request_model\":\"gpt-4o-mini\","
                + "\"response_model\":\"gpt-4o-mini-2024-07-18\",\"streaming\":false,\"http_status\":200,"
                + "\"input_tokens\":1000,\"output_tokens\":" + (n % 50) + ",\"cache_read_tokens\":0,"
                + "\"cache_write_tokens\":0,\"reasoning_tokens\":0,\"cache_write_1h_tokens\":0,"
                + "\"feature\":\"f" + (n % 3) + "\",\"customer\":\"c" + (n % 5) + "\",\"team\":null,"
                + "\"environment\":null,\"attributes\":{},\"service\":\"svc\",\"server_address\":\"api.openai.com\","
                + "\"usage_status\":\"reported\",\"usage_note\":null,\"service_tier\":null}";
    }

    private static List<String> collectorCommand(String topic, String group, Path out, String... args) {
        List<String> collect = new ArrayList<>(List.of("collect", "--kafka", broker.bootstrap(), "--topic", topic,
                "--group", group, "--out", out.toString()));
        collect.addAll(List.of(args));
        return Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), collect);
    }

    private static Process startCollector(String topic, String group, Path out, String... args) throws IOException {
        return Processes.start(collectorCommand(topic, group, out, args));
    }

    private static Processes.Result collectOnce(String topic, String group, Path out) throws Exception {
        return Processes.run(collectorCommand(topic, group, out, "--once"), Duration.ofMinutes(2));
    }

    /** SIGTERM: the collector commits its batch and finishes as after {@code --once}. */
    private static Processes.Result stopGently(Process collector) throws Exception {
        collector.destroy();
        assertTrue(collector.waitFor(60, TimeUnit.SECONDS), "the collector stops on SIGTERM");
        return Processes.output(collector, collector.exitValue());
    }



    private static BigDecimal cost(List<JsonNode> rows) {
        return rows.stream().map(row -> new BigDecimal(Ledger.decimal(row, "cost_usd")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
