package dev.llmcost.collector.ship;

import java.io.PrintStream;
import java.util.Locale;

/** One message when Kafka becomes unreachable, one when it is back: not one per failed attempt. */
final class Outage {

    private final PrintStream err;
    private final String kafka;
    // Written by the shipper, read by the status line's thread.
    private volatile long sinceNanos = -1;
    /** When Kafka last answered: an outage is noticed only when a call times out, some seconds after it began. */
    private volatile long lastAnswerNanos = System.nanoTime();

    Outage(PrintStream err, String kafka) {
        this.err = err;
        this.kafka = kafka;
    }

    /** Kafka answered: a connection made, a transaction committed. */
    void answered() {
        lastAnswerNanos = System.nanoTime();
    }

    void begin(Exception cause, long backoffCapMillis) {
        if (sinceNanos >= 0) {
            return;
        }
        sinceNanos = lastAnswerNanos;
        err.println("llmcost: ship: Kafka is unreachable or failing at " + kafka + " (" + reason(cause)
                + "); the records wait in the queue (the agents are not affected); retrying with backoff up to "
                + backoffCapMillis / 1000 + " s");
    }

    void over(ShipPosition position) {
        answered();
        if (sinceNanos < 0) {
            return;
        }
        double seconds = (lastAnswerNanos - sinceNanos) / 1e9;
        sinceNanos = -1;
        err.printf(Locale.ROOT, "llmcost: ship: Kafka is reachable again (%.1f s since it last answered); "
                        + "resuming after %s%n", seconds,
                position.describeIndex());
    }

    /** How long Kafka has not answered, while an outage is on; negative otherwise. */
    double downSeconds() {
        long since = sinceNanos;
        return since < 0 ? -1 : (System.nanoTime() - since) / 1e9;
    }

    /** The innermost message: Kafka's wrappers say little ("Cannot execute transactional method…"). */
    private static String reason(Throwable e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        return innermost.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
