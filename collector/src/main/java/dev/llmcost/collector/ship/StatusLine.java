package dev.llmcost.collector.ship;

import dev.llmcost.collector.read.QueueReader;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The periodic line of {@code ship --follow}: the lag, and how long Kafka has been unreachable if it is. Its own
 * thread and its own reader of the queue, so that it also speaks while the shipper waits on a Kafka that does not
 * answer (exactly when the lag grows).
 */
final class StatusLine implements AutoCloseable {

    private final Shipper shipper;
    private final Outage outage;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean closed;
    private QueueReader reader;

    private StatusLine(Shipper shipper, Outage outage, PrintStream out) {
        this.shipper = shipper;
        this.outage = outage;
        this.out = out;
        this.thread = new Thread(this::loop, "llmcost-ship-status");
        this.thread.setDaemon(true);
    }

    static StatusLine start(Shipper shipper, Outage outage, PrintStream out) {
        StatusLine line = new StatusLine(shipper, outage, out);
        line.thread.start();
        return line;
    }

    private void loop() {
        long every = shipper.options().statusEveryMillis();
        try {
            while (!closed) {
                Thread.sleep(every);
                ShipPosition committed = shipper.committed();
                if (committed == null || closed) {
                    continue; // not connected yet: the outage message says why
                }
                if (reader == null) {
                    reader = QueueReader.openAfter(shipper.options().queue(), -1);
                }
                QueueLag lag = QueueLag.of(reader, committed.queueIndex(), shipper.lastShippedTimestamp());
                double down = outage.downSeconds();
                out.println("llmcost: ship: lag " + lag.describe() + "; shipped " + shipper.shippedThisRun()
                        + " this run (" + committed.shipped() + " in all), " + committed.corrupt()
                        + " corrupt skipped" + (down < 0 ? "" : String.format(Locale.ROOT,
                        "; Kafka unreachable for %.0f s", down)));
            }
        } catch (InterruptedException stopped) {
            // closing
        } catch (RuntimeException e) {
            out.println("llmcost: ship: warning: the lag cannot be read from the queue (" + e + "); no more lag lines");
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
