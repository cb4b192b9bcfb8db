package dev.llmcost.collector.ship;

import dev.llmcost.collector.CollectorException;
import dev.llmcost.collector.kafka.Backoff;
import dev.llmcost.collector.read.QueueReader;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Tails the local queue and produces every record to the calls topic, exactly once: each batch of records and the
 * queue position after it are one Kafka transaction, and after any failure (or a restart, or a kill) the shipper
 * starts over from the position that Kafka committed. Kafka being down only delays shipping: the records wait in
 * the queue, the shipper waits with backoff, and the agents never notice.
 */
public final class Shipper {

    private final ShipOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final String queueDirectory;
    private volatile boolean stopRequested;

    private KafkaSession session;
    private QueueReader reader;
    // Read by the status line's thread too.
    private volatile ShipPosition committed;
    private volatile long shippedThisRun;
    private volatile long lastShippedTimestamp = RecordFields.NO_TIMESTAMP;
    private long corruptThisRun;

    public Shipper(ShipOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.queueDirectory = options.queue().toString();
    }

    /** From a shutdown hook: the shipper finishes the transaction under way, then {@link #run} returns. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ships until the queue is shipped ({@code --once}) or a stop is requested ({@code --follow}). */
    public void run() throws CollectorException, InterruptedException {
        String shipperId = ShipperId.loadOrCreate(options.queue());
        if (!waitForQueue()) {
            out.println("llmcost: ship: no queue at " + queueDirectory + " yet: nothing to ship (agents create it on "
                    + "their first recorded call)");
            return;
        }
        Outage outage = new Outage(err, options.connection().describe());
        Backoff backoff = new Backoff(options.backoffCapMillis());
        long startNanos = System.nanoTime();
        StatusLine status = options.follow() ? StatusLine.start(this, outage, out) : null;
        int checksAtEnd = 0;
        try {
            while (!stopRequested) {
                try {
                    if (session == null) {
                        connect(shipperId);
                        outage.over(committed);
                        backoff.reset();
                    }
                    List<QueueReader.Document> batch = readBatch();
                    if (batch.isEmpty()) {
                        if (!options.follow() && !reader.stuck()) {
                            if (everythingReadable(++checksAtEnd)) {
                                break; // everything the queue holds is shipped and committed
                            }
                            Thread.sleep(100); // agents may still be appending: read on
                            continue;
                        }
                        Thread.sleep(options.pollMillis());
                        continue;
                    }
                    checksAtEnd = 0;
                    ShipPosition before = committed;
                    committed = session.ship(batch, committed);
                    outage.answered();
                    afterCommit(batch, before);
                } catch (KafkaException | ExecutionException | IllegalStateException e) {
                    failIfFatal(e, shipperId);
                    outage.begin(e, options.backoffCapMillis());
                    abandonSession();
                    sleepUnlessStopped(backoff.nextDelayMillis());
                }
            }
        } catch (InterruptedException stopped) {
            if (!stopRequested) {
                throw stopped;
            }
        } finally {
            if (status != null) {
                status.close();
            }
            if (session != null) {
                session.close();
            }
            if (reader != null) {
                printSummary(startNanos);
                reader.close();
            }
        }
    }

    private void connect(String shipperId) throws CollectorException, ExecutionException, InterruptedException {
        KafkaSession.Opened opened;
        try {
            opened = KafkaSession.open(options.connection(), shipperId, queueDirectory, options.partitions(),
                    () -> stopRequested);
        } catch (IllegalArgumentException notAPosition) {
            throw new CollectorException(options.connection().shipPositionsTopic() + " holds a value for shipper "
                    + shipperId + " that this version cannot read: " + notAPosition.getMessage(), notAPosition);
        }
        session = opened.session();
        committed = opened.position();
        if (reader != null) {
            reader.close();
        }
        reader = openReader(committed);
        lastShippedTimestamp = RecordFields.NO_TIMESTAMP;
    }

    private QueueReader openReader(ShipPosition position) throws CollectorException {
        try {
            return QueueReader.openAfter(options.queue(), position.queueIndex());
        } catch (IllegalStateException e) {
            throw new CollectorException(e.getMessage() + "; Kafka holds this shipper's records up to "
                    + position.describeIndex() + " (" + options.connection().shipPositionsTopic() + ")", e);
        } catch (RuntimeException e) {
            throw new CollectorException("cannot read the queue at " + queueDirectory + ": " + e, e);
        }
    }

    private List<QueueReader.Document> readBatch() throws CollectorException {
        List<QueueReader.Document> batch = new ArrayList<>();
        try {
            while (batch.size() < options.batchSize()) {
                QueueReader.Document document = reader.next();
                if (document == null) {
                    break;
                }
                batch.add(document);
            }
        } catch (IllegalStateException corruptQueue) {
            throw new CollectorException(corruptQueue.getMessage());
        }
        return batch;
    }

    /**
     * At the end of what can be read ({@code --once}): whether the queue holds no more documents than this shipper
     * has passed. More for two seconds means a corrupt queue file hides them, which is an error, never a quiet
     * exit 0 with records left behind (everything before them is shipped and committed).
     */
    private boolean everythingReadable(int check) throws CollectorException {
        long passed = committed.shipped() + committed.corrupt();
        long hidden = QueueReader.entryCount(options.queue()) - passed;
        if (hidden <= 0) {
            return true;
        }
        if (check < 20) {
            return false;
        }
        throw new CollectorException("the queue holds " + hidden + " more record" + (hidden == 1 ? "" : "s")
                + " than could be read after " + committed.describeIndex() + " (a corrupt queue file); they are not"
                + " shipped. Everything before is shipped and committed; the queue files are left as they are.");
    }

    private void afterCommit(List<QueueReader.Document> batch, ShipPosition before) {
        shippedThisRun += committed.shipped() - before.shipped();
        corruptThisRun += committed.corrupt() - before.corrupt();
        for (QueueReader.Document document : batch) {
            if (document.unreadable()) {
                // Nothing to ship: the excerpt's header is damaged and it has no bytes. Counted in the position.
                err.println("llmcost: ship: warning: skipped the corrupt queue excerpt at index "
                        + Long.toHexString(document.index()) + " (unreadable, nothing to ship)");
            } else {
                long timestamp = RecordFields.of(document.bytes()).timestampMillis();
                if (timestamp != RecordFields.NO_TIMESTAMP) {
                    lastShippedTimestamp = timestamp;
                }
            }
        }
    }

    /** Fencing and errors no retry mends end the shipper with a message; everything else is an outage. */
    private void failIfFatal(Exception e, String shipperId) throws CollectorException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException) {
                throw new CollectorException("another ship with the same shipper id (" + shipperId + ", from "
                        + options.queue().resolve(ShipperId.FILE) + ") started and fenced this one; this one stops. "
                        + "Run one ship per queue directory.", e);
            }
            if (cause instanceof AuthorizationException || cause instanceof UnsupportedVersionException
                    || cause instanceof ConfigException || cause instanceof InvalidTopicException
                    || cause instanceof RecordTooLargeException) {
                throw new CollectorException("Kafka refused: " + cause.getMessage() + " (" + cause.getClass()
                        .getSimpleName() + ")", e);
            }
        }
    }

    private void abandonSession() {
        if (session != null) {
            session.abandon();
            session = null;
        }
    }

    ShipOptions options() {
        return options;
    }

    /** The last committed position, or {@code null} before the first connection. */
    ShipPosition committed() {
        return committed;
    }

    long shippedThisRun() {
        return shippedThisRun;
    }

    long lastShippedTimestamp() {
        return lastShippedTimestamp;
    }

    private QueueLag lag() {
        return QueueLag.of(reader, committed.queueIndex(), lastShippedTimestamp);
    }

    private void printSummary(long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(java.util.Locale.ROOT, "llmcost: ship: shipped %d record%s to %s in %.1f s (%d corrupt excerpt%s "
                        + "skipped); %d in all up to %s; lag %s%n",
                shippedThisRun, shippedThisRun == 1 ? "" : "s", options.connection().topic(), seconds,
                corruptThisRun, corruptThisRun == 1 ? "" : "s", committed.shipped(), committed.describeIndex(),
                lag().describe());
    }

    private boolean waitForQueue() throws InterruptedException {
        while (!QueueReader.exists(options.queue())) {
            if (!options.follow() || stopRequested) {
                return false;
            }
            Thread.sleep(options.pollMillis());
        }
        return true;
    }

    private void sleepUnlessStopped(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (!stopRequested && System.nanoTime() < until) {
            Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000L)));
        }
    }
}
