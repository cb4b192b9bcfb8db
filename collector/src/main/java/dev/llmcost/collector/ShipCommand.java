package dev.llmcost.collector;

import dev.llmcost.agent.queue.QueueLocation;
import dev.llmcost.collector.kafka.KafkaConnection;
import dev.llmcost.collector.ship.ShipOptions;
import dev.llmcost.collector.ship.Shipper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ship --queue DIR --kafka HOST:PORT[,…] [--topic T] [--kafka-config FILE] [--partitions N] --once|--follow}:
 * produces every record of a host's queue to Kafka, exactly once (see {@link Shipper}).
 */
final class ShipCommand {

    static final Set<String> VALUE_OPTIONS = Set.of("queue", "kafka", "topic", "kafka-config", "partitions",
            "batch-size", "poll-ms", "status-every", "backoff-max");
    static final Set<String> FLAGS = Set.of("once", "follow");

    private final PrintStream out;
    private final PrintStream err;

    ShipCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws CollectorException, InterruptedException {
        Arguments arguments = new Arguments(args, VALUE_OPTIONS, FLAGS);
        if (arguments.flag("once") == arguments.flag("follow")) {
            throw new CollectorException("ship needs one of --once (ship what the queue holds, then exit) and "
                    + "--follow (keep shipping as agents write)");
        }
        boolean follow = arguments.flag("follow");
        Path queue = arguments.path("queue", QueueLocation.defaultDirectory()).toAbsolutePath().normalize();
        String configFile = arguments.value("kafka-config");
        KafkaConnection connection = KafkaConnection.of(arguments.value("kafka"),
                arguments.value("topic", KafkaConnection.DEFAULT_TOPIC),
                configFile == null ? null : Path.of(configFile));
        ShipOptions options = new ShipOptions(queue, connection, follow,
                arguments.integer("partitions", 6, 1, 10_000),
                arguments.integer("batch-size", 5_000, 1, 100_000),
                arguments.integer("poll-ms", 200, 10, 60_000),
                arguments.integer("status-every", 60, 1, 86_400) * 1000L,
                arguments.integer("backoff-max", 30, 1, 3_600) * 1000L);
        quietKafkaClients();
        Shipper shipper = new Shipper(options, out, err);
        if (follow) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shipper.requestStop();
                try {
                    main.join(15_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "llmcost-ship-stop"));
        }
        shipper.run();
        return 0;
    }

    /**
     * The Kafka clients warn on every failed connection attempt; ship says once that Kafka is down and once that it
     * is back, so only their errors (a failed TLS handshake, say) reach stderr.
     */
    private static void quietKafkaClients() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
    }
}
