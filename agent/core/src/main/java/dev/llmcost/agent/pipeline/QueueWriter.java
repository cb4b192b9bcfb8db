package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.nio.file.Path;

/**
 * Appends records to the Chronicle Queue shared with the collector. Used only from the ring's consumer
 * thread. The queue is opened on first use, so Chronicle's start-up (a few hundred milliseconds) is never on
 * the application's path, and an application that makes no LLM call never starts it at all.
 *
 * <p>Before each append it makes sure the disk keeps {@code minFreeBytes} free: the queue is memory-mapped,
 * and writing into a mapping on a full disk would fault inside the application's JVM.
 */
final class QueueWriter implements AutoCloseable {

    private static final long DISK_CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path directory;
    private final long minFreeBytes;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private boolean unavailable;
    private long nextDiskCheck;
    private boolean diskFull;

    QueueWriter(Path directory, long minFreeBytes) {
        this.directory = directory;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * Appends one record, written as UTF-8 JSON straight into the queue document.
     *
     * @throws QueueUnavailableException when the record cannot be written (it is then dropped and counted)
     */
    void append(QueueRecord record) throws QueueUnavailableException {
        open();
        if (lowOnDisk()) {
            throw new QueueUnavailableException("less than " + (minFreeBytes >> 20) + " MB free on the disk of "
                    + directory + ": calls are dropped", false);
        }
        try {
            write(record);
        } catch (RuntimeException firstFailure) {
            // Several JVMs share a queue: one killed (or frozen) inside a document holds the write lock, and the
            // others' appends time out after 15 s (Chronicle's UnrecoverableTimeoutException), having forced the
            // lock of a dead holder open. Once more, then the record is dropped and counted, never lost unseen.
            try {
                write(record);
            } catch (RuntimeException secondFailure) {
                // The message names the kind of failure only: it is the key of the one warning printed for it.
                throw new QueueUnavailableException("cannot append to the queue at " + directory + " ("
                        + secondFailure.getClass().getSimpleName() + ")", false);
            }
        }
    }

    private void write(QueueRecord record) {
        try (DocumentContext document = appender.writingDocument()) {
            try {
                QueueRecordCodec.write(record, document.wire().bytes().outputStream());
            } catch (RuntimeException | Error failure) {
                document.rollbackOnClose();
                throw failure;
            }
        }
    }

    /** Opens the queue if it is not open yet. */
    void open() throws QueueUnavailableException {
        if (queue != null) {
            return;
        }
        if (unavailable) {
            throw new QueueUnavailableException("the queue at " + directory + " could not be opened", true);
        }
        try {
            queue = SingleChronicleQueueBuilder.single(directory.toFile())
                    .rollCycle(RollCycles.FAST_DAILY)
                    .build();
            appender = queue.createAppender();
            // Only the writer thread appends (close comes after it stopped): Chronicle's check of that on every
            // write was a third of the writer's time.
            appender.singleThreadedCheckDisabled(true);
        } catch (Throwable failure) {
            unavailable = true;
            throw new QueueUnavailableException("cannot open the queue at " + directory + ": " + failure, true);
        }
    }

    private boolean lowOnDisk() {
        long now = System.nanoTime();
        if (now - nextDiskCheck >= 0) {
            nextDiskCheck = now + DISK_CHECK_INTERVAL_NANOS;
            boolean wasFull = diskFull;
            diskFull = new File(directory.toString()).getUsableSpace() < minFreeBytes;
            if (wasFull && !diskFull) {
                AgentLog.info("disk space is back at " + directory + ": recording calls again");
            }
        }
        return diskFull;
    }

    @Override
    public void close() {
        try {
            if (appender != null) {
                appender.close();
            }
            if (queue != null) {
                queue.close();
            }
        } catch (Throwable ignored) {
            // shutting down
        }
    }

    static final class QueueUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        QueueUnavailableException(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }

        /** The queue will not come back in this JVM (a full disk may free up; a broken queue will not). */
        boolean permanent() {
            return permanent;
        }
    }
}
