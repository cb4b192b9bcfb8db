package dev.llmcost.collector;

import dev.llmcost.agent.queue.ChronicleSettings;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar llmcost-collector.jar <command>}. Exit status: 0 done, 2 a problem the message explains,
 * 1 an unexpected failure.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar llmcost-collector.jar <command> [options]

            commands:
              collect   read the agents' queue, price every call, write the ledger and rollups
                        --queue DIR      the agents' queue (default ~/.llmcost/queue, as the agent's)
                        --out DIR        where the cost files go (default ./llmcost-out)
                        --once           process what is in the queue, print a summary, exit (default)
                        --follow         keep collecting as agents write; stop with Ctrl-C or SIGTERM
                        --prices FILE    add or override prices (format: see README)
                        --batch-size N   records per commit (default 10000)
                        --budgets FILE   count budgets and anomaly rules, raise alerts (OUT/alerts/, webhook)
                        --warn-call-usd N   list calls that cost more than N each (default 100)
                        --metrics-port N    with --follow: serve Prometheus metrics at :N/metrics
                        --metrics-host H    the address to serve them on (default 0.0.0.0: every one)
                        --metrics-labels a,b   labels beyond provider, model, feature, team, service
                                         (customer, environment, operation, attributes.KEY)
                        --metrics-max-series N   label combinations kept (default 1000); the rest
                                         are counted under __overflow__
                        --otlp URL       push the same metrics over OTLP/HTTP (e.g.
                                         http://localhost:4318/v1/metrics); --otlp-interval-ms N
                        --kafka HOST:PORT[,HOST:PORT…]   read the fleet's calls topic instead of --queue,
                                         as one member of a consumer group (exactly once, with the files)
                        --topic NAME     the calls topic (default llmcost.calls)
                        --group NAME     the consumer group; each member writes its own --out (default llmcost)
                        --kafka-config FILE   Kafka client properties (TLS, SASL…), never printed
              ship      produce every record of this host's queue to Kafka, exactly once
                        --queue DIR      the agents' queue (default ~/.llmcost/queue)
                        --kafka HOST:PORT[,HOST:PORT…]   the brokers
                        --once | --follow   ship what the queue holds and exit, or keep shipping
                        --topic NAME     the calls topic (default llmcost.calls; positions go to
                                         NAME.ship-positions)
                        --kafka-config FILE   Kafka client properties (TLS, SASL…), never printed
                        --partitions N   partitions of the calls topic if ship creates it (default 6)
                        --batch-size N   records per transaction (default 5000)
                        --status-every S   --follow prints its lag every S seconds (default 60)
                        --backoff-max S  longest wait between attempts while Kafka is down (default 30)
              budgets status   every budget's spend, limit, forecast and state, from the ledger
                        --out DIR... --budgets FILE (default: the file collect used) --as-of DAY
                        --format table|json
              prices check FILE
                        validate a price file (errors name the line and field)
              prices import-litellm FILE --to PRICES_FILE [--valid-from DAY]
                        convert LiteLLM's model_prices_and_context_window.json to a price file
              report    cost by any dimensions from the ledger (see README)
                        --out DIR        the collector's output (default ./llmcost-out); repeat it, or
                                         name a directory of shards, to read several collectors' as one
                        --by a,b         dimensions: day, provider, model, feature, customer, team,
                                         environment, service, operation, or attributes.KEY (default feature)
                        --since DAY --until DAY   UTC days, inclusive
                        --per KEY        cost per outcome (an attribute, e.g. conversation):
                                         count, median, p90, max, mean per row
                        --format table|csv|json|html
                        --cache blended|blended-by-feature
                                         also each row's cost with prompt caching pooled per model
                                         (and feature) and one rate per input token, and its savings
                        --prices FILE    the price file the ledger was priced with (for --cache)
                        --costs FILE     add shared costs: allocated and total beside the direct cost
                        --budgets FILE   the HTML report's budgets panel (default: the file collect used)
              report --forecast   each group's spend so far and forecast period-end total, with a range
                        --by a,b --period day|week|month (default month) --as-of DAY --format table|csv|json
              rollups   write a rollup file for any dimensions, daily or --hourly (OUT/rollups/by-…csv)
                        --by a,b --hourly --out DIR... --since DAY --until DAY --file PATH
              focus     write the ledger as a FinOps FOCUS 1.2 CSV (OUT/focus/focus.csv)
                        --out DIR... --since DAY --until DAY --prices FILE --billing-account NAME --file PATH
                        --costs FILE     add the allocated shared costs as rows (1.3 allocation columns)
              allocate  split costs no call carries (a vector DB, a team) over the ledger's calls:
                        OUT/allocations/PERIOD.csv, the parts adding up to each cost to the cent
                        --costs FILE     the shared costs (format: see README)
                        --out DIR... --since DAY --until DAY   (costs whose period lies within these days)
                        --to DIR         where the PERIOD.csv files go (default OUT/allocations)
              reprice   price the ledger again from a day on, with today's catalog (never done silently)
                        --from DAY --out DIR --prices FILE
              version   print the version
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        quietChronicle();
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            System.out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            return switch (args.get(0)) {
                case "collect" -> new CollectCommand(System.out, System.err).run(args.subList(1, args.size()));
                case "ship" -> new ShipCommand(System.out, System.err).run(args.subList(1, args.size()));
                case "prices" -> new PricesCommand(System.out).run(args.subList(1, args.size()));
                case "report" -> new ReportCommand(System.out).run(args.subList(1, args.size()));
                case "focus" -> new FocusCommand(System.out).run(args.subList(1, args.size()));
                case "allocate" -> new AllocateCommand(System.out).run(args.subList(1, args.size()));
                case "rollups" -> new RollupsCommand(System.out).run(args.subList(1, args.size()));
                case "reprice" -> new RepriceCommand(System.out).run(args.subList(1, args.size()));
                case "budgets" -> new BudgetsCommand(System.out).run(args.subList(1, args.size()));
                case "version" -> {
                    String version = Main.class.getPackage().getImplementationVersion();
                    System.out.println("llmcost-collector " + (version == null ? "(dev)" : version));
                    yield 0;
                }
                default -> throw new CollectorException("unknown command '" + args.get(0) + "'\n" + USAGE);
            };
        } catch (CollectorException e) {
            System.err.println("llmcost: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("llmcost: failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    /** Chronicle's start-up banner, analytics and chatter have no place in the collector's output. */
    private static void quietChronicle() {
        ChronicleSettings.applyDefaults();
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // Thread affinity is not used by the collector; without JNA Chronicle warns about it on every start.
            System.setProperty("org.slf4j.simpleLogger.log.net.openhft.affinity", "error");
            // The Kafka client warns once a second while a broker is down; ship and collect say it once.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
    }
}
