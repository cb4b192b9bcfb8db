package dev.llmcost.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker (the release the collector's clients are built against, KRaft, one node that is both
 * broker and controller), run as its own JVM from the jars the kafka-broker module resolves. Tests stop it, kill
 * it with SIGKILL and restart it on the same data directory and the same port, as an outage looks to a client.
 *
 * <p>Public, and in the tests' test-jar, for the benchmarks (ship's throughput) to run the same broker.
 *
 * <p>Topics are never created automatically ({@code auto.create.topics.enable=false}): llmcost creates the ones it
 * needs, as it must against a real cluster where auto-creation is usually off.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path dataDir;
    private final Path properties;
    private final Path log;
    private final int brokerPort;
    private final int controllerPort;
    private volatile Process process;
    private boolean hookAdded;

    /** A broker keeping its data, configuration and log under {@code dir} (a test's temporary directory). */
    public KafkaBroker(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.dataDir = this.dir.resolve("data");
        this.properties = this.dir.resolve("server.properties");
        this.log = this.dir.resolve("broker.log");
        int[] ports = freePorts(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
    }

    /** Starts a new broker in a fresh temporary directory and waits until it serves. */
    public static KafkaBroker started() throws IOException {
        KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("llmcost-kafka"));
        broker.start();
        return broker;
    }

    /** {@code HOST:PORT} for {@code --kafka} and {@code bootstrap.servers}. */
    public String bootstrap() {
        return "localhost:" + brokerPort;
    }

    /** Formats the storage on the first start, starts the broker and waits until it answers. */
    public synchronized KafkaBroker start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is already running");
        }
        if (!Files.exists(properties)) {
            Files.createDirectories(dir);
            writeProperties();
            format();
        }
        process = new ProcessBuilder(javaCommand("kafka.Kafka", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!hookAdded) {
            // A test JVM that is stopped (a timeout, Ctrl-C) must not leave brokers running on the machine.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process running = process;
                if (running != null) {
                    running.destroyForcibly();
                }
            }, "kafka-broker-reaper"));
            hookAdded = true;
        }
        awaitReady();
        return this;
    }

    /** SIGTERM, and waits for the broker's orderly shutdown. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGKILL: no shutdown at all, as a crashed host. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker if it runs, then starts it again on the same data directory and port. */
    public synchronized KafkaBroker restart() throws IOException, InterruptedException {
        stop();
        return start();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The broker's log (warnings and errors), for a failing test's message. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Client properties pointing at this broker, for the test's own admin, producer and consumer. */
    public Properties clientProperties() {
        Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return client;
    }

    @Override
    public void close() throws InterruptedException {
        kill(); // the data is thrown away with the test's directory: no need for an orderly shutdown
    }

    private void writeProperties() throws IOException {
        Files.createDirectories(dataDir);
        String controller = "localhost:" + controllerPort;
        List<String> lines = List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://" + bootstrap() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + bootstrap(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir,
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                // One node: every internal topic has one replica, and few partitions so it is created quickly.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Tests restart the broker often: recover its logs on both cores, and let the controller give up
                // on a killed broker's registration quickly (it refuses the restarted one until then; 9 s by
                // default).
                "num.recovery.threads.per.data.dir=2",
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000");
        Files.write(properties, lines, StandardCharsets.UTF_8);
        Files.write(dir.resolve("log4j2.properties"), List.of(
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.out.ref = out"), StandardCharsets.UTF_8);
    }

    private void format() throws IOException {
        List<String> command = javaCommand("kafka.tools.StorageTool", "format", "--standalone",
                "--config", properties.toString(), "--cluster-id", Uuid.randomUuid().toString());
        try {
            Process formatter = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!formatter.waitFor(2, TimeUnit.MINUTES)) {
                formatter.destroyForcibly();
                throw new IllegalStateException("formatting the broker's storage timed out\n" + log());
            }
            if (formatter.exitValue() != 0) {
                throw new IllegalStateException("formatting the broker's storage failed\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the broker's storage", e);
        }
    }

    private List<String> javaCommand(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Artifacts.java().toString(),
                "-Xmx512m", "-Xms256m",
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                "-cp", classPath(),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String classPath() throws IOException {
        Path file = Artifacts.root().resolve("integration-tests/kafka-broker/target/kafka-broker.classpath");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: build the kafka-broker module first "
                    + "(mvn -B verify -pl integration-tests/tests -am)");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Until the broker answers a metadata request and counts itself in the cluster. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties client = clientProperties();
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        client.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin admin = Admin.create(client)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + "\n" + log());
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not serving yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not serve within " + READY_TIMEOUT + "\n"
                            + log());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port is free either way
                    }
                }
            }
        }
    }
}
