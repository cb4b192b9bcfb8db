package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet, end to end, with every part real and in its own process: three "hosts" (a queue directory each, apps
 * under the agent calling the stub provider), a {@code ship} per host, a real Kafka broker, two {@code collect
 * --kafka} in one group. While the apps call, shippers and collectors are killed with SIGKILL and restarted, and the
 * broker is stopped and started again. In the end every call is in exactly one shard, and the shards read as one
 * give the report three local collectors give over the same queues.
 */
class FleetTest {

    private static final int HOSTS = 3;
    private static final int RUNS_PER_HOST = 4;
    private static final int CALLS_PER_RUN = 60;
    private static final String TOPIC = "fleet.calls";

    @Test
    void everyCallOnceAcrossHostsShippersCollectorsAndABrokerRestart(@TempDir Path dir) throws Exception {
        Path shards = dir.resolve("shards");
        List<Path> queues = new ArrayList<>();
        for (int host = 0; host < HOSTS; host++) {
            queues.add(dir.resolve("host-" + host).resolve("queue"));
        }
        try (KafkaBroker broker = KafkaBroker.started(); OpenAiStub stub = new OpenAiStub()) {
            List<Thread> hosts = new ArrayList<>();
            List<Throwable> appFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int host = 0; host < HOSTS; host++) {
                Path queue = queues.get(host);
                String service = "host-" + host;
                Thread thread = new Thread(() -> {
                    try {
                        for (int run = 0; run < RUNS_PER_HOST; run++) {
                            Processes.Result app = Processes.run(Processes.javaCommand(Artifacts.java(),
                                    "queue.dir=" + queue + ",service.name=" + service + ",attributes.extra=call",
                                    Artifacts.sampleApp("sample-app"), List.of("--base-url", stub.baseUrl(), "burst",
                                            Integer.toString(CALLS_PER_RUN))), Duration.ofMinutes(2));
                            assertEquals(0, app.exitCode(), app.toString());
                        }
                    } catch (Throwable failed) {
                        appFailures.add(failed);
                    }
                }, "host-" + host);
                thread.start();
                hosts.add(thread);
            }

            Process[] shippers = new Process[HOSTS];
            Process[] collectors = new Process[2];
            for (int host = 0; host < HOSTS; host++) {
                shippers[host] = ship(broker, queues.get(host), "--follow");
            }
            for (int c = 0; c < collectors.length; c++) {
                collectors[c] = collect(broker, shards.resolve("collector-" + c), "--follow");
            }

            Random random = new Random(5);
            int round = 0;
            boolean brokerRestarted = false;
            while (hosts.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(2_500 + random.nextInt(2_500));
                round++;
                if (round == 3 && !brokerRestarted) {
                    broker.stop();
                    Thread.sleep(5_000);
                    broker.restart();
                    brokerRestarted = true;
                    continue;
                }
                int host = random.nextInt(HOSTS);
                shippers[host].destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                shippers[host] = ship(broker, queues.get(host), "--follow");
                int c = random.nextInt(collectors.length);
                collectors[c].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                collectors[c] = collect(broker, shards.resolve("collector-" + c), "--follow");
            }
            for (Thread host : hosts) {
                host.join();
            }
            assertTrue(appFailures.isEmpty(), appFailures.toString());
            assertTrue(brokerRestarted, "the broker was stopped and started mid-run");

            int calls = HOSTS * RUNS_PER_HOST * CALLS_PER_RUN;
            awaitCommittedRows(calls, Duration.ofMinutes(3), shards.resolve("collector-0"),
                    shards.resolve("collector-1"));
            for (Process shipper : shippers) {
                shipper.destroy();
                assertTrue(shipper.waitFor(60, TimeUnit.SECONDS));
            }
            for (Process collector : collectors) {
                collector.destroy();
                assertTrue(collector.waitFor(60, TimeUnit.SECONDS));
            }

            List<JsonNode> rows = new ArrayList<>();
            for (int c = 0; c < collectors.length; c++) {
                rows.addAll(new Ledger(shards.resolve("collector-" + c)).rows);
            }
            Set<String> ids = new HashSet<>();
            for (JsonNode row : rows) {
                assertTrue(ids.add(row.get("event_id").asText()), "twice in the shards: " + row);
            }
            assertEquals(calls, ids.size(), "every call once across the shards");

            // The same queues, each collected on its host without Kafka.
            List<Path> locals = new ArrayList<>();
            for (int host = 0; host < HOSTS; host++) {
                Path local = dir.resolve("local-" + host);
                Processes.Result result = Processes.collect(queues.get(host), local, "--once");
                assertEquals(0, result.exitCode(), result.toString());
                locals.add(local);
            }
            List<JsonNode> localRows = new ArrayList<>();
            for (Path local : locals) {
                localRows.addAll(new Ledger(local).rows);
            }
            assertEquals(calls, localRows.size());
            assertEquals(cost(localRows), cost(rows), "the fleet's total = the hosts' totals");
            List<String> report = List.of("report", "--by", "service,feature,customer,team", "--format", "csv");
            assertEquals(read(report, locals), read(report, List.of(shards)),
                    "report over the shards = report over the hosts' own collections");
        }
    }

    private static Process ship(KafkaBroker broker, Path queue, String... args) throws Exception {
        List<String> ship = new ArrayList<>(List.of("ship", "--queue", queue.toString(), "--kafka",
                broker.bootstrap(), "--topic", TOPIC));
        ship.addAll(List.of(args));
        Files.createDirectories(queue);
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), ship));
    }

    private static Process collect(KafkaBroker broker, Path out, String... args) throws Exception {
        List<String> collect = new ArrayList<>(List.of("collect", "--kafka", broker.bootstrap(), "--topic", TOPIC,
                "--group", "fleet", "--out", out.toString()));
        collect.addAll(List.of(args));
        return Processes.start(Processes.javaCommand(Artifacts.java(), null, Artifacts.collectorJar(), collect));
    }

    private static String read(List<String> command, List<Path> outs) throws Exception {
        List<String> args = new ArrayList<>(command);
        for (Path out : outs) {
            args.addAll(List.of("--out", out.toString()));
        }
        Processes.Result result = Processes.run(Processes.javaCommand(Artifacts.java(), null,
                Artifacts.collectorJar(), args), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout();
    }

    private static void awaitCommittedRows(int expected, Duration timeout, Path... outs) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = 0;
            for (Path out : outs) {
                Path checkpoint = out.resolve(".llmcost/checkpoint.json");
                try {
                    rows += new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoint.toFile())
                            .path("counts").path("ledger_rows").asLong();
                } catch (java.io.IOException notYet) {
                    // not written yet, or being replaced
                }
            }
            if (rows >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + rows + " of " + expected + " calls collected after " + timeout);
    }

    private static BigDecimal cost(List<JsonNode> rows) {
        return rows.stream().map(row -> new BigDecimal(Ledger.decimal(row, "cost_usd")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
