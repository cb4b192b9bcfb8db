package dev.llmcost.collector.read;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the agents' Chronicle Queue from a given position. The collector keeps that position itself, in its
 * checkpoint, written together with its output files: a named Chronicle tailer would persist its position on
 * its own schedule, which could not be made atomic with the files.
 */
public final class QueueReader implements AutoCloseable {

    /**
     * One queue document: its index (its position in the queue) and its bytes (a UTF-8 JSON record), or no bytes
     * for an excerpt the queue holds but cannot be read (a corrupt header).
     */
    public record Document(long index, byte[] bytes) {

        public boolean unreadable() {
            return bytes == null;
        }

        /** The bytes as text, for messages and for keeping an unreadable record. */
        public String text() {
            return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * How long the reader waits on an excerpt it cannot read while later ones are written before calling it
     * corrupt: an agent may be in the middle of writing it.
     */
    private static final long CORRUPT_AFTER_NANOS = 2_000_000_000L;
    /** How far past a corrupt excerpt the reader looks for the next readable one. */
    private static final int MAX_SKIP = 10_000;

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private long lastIndexRead;
    private long stuckSinceNanos;

    private QueueReader(SingleChronicleQueue queue, ExcerptTailer tailer, long lastIndexRead) {
        this.queue = queue;
        this.tailer = tailer;
        this.lastIndexRead = lastIndexRead;
    }

    /** Whether {@code directory} holds a queue yet (agents create it on their first recorded call). */
    public static boolean exists(Path directory) {
        return Files.isDirectory(directory) && Files.exists(directory.resolve("metadata.cq4t"));
    }

    /**
     * Opens the queue positioned after {@code lastIndex} (or at its start when {@code lastIndex < 0}).
     *
     * @throws IllegalStateException when {@code lastIndex} is not in the queue any more
     */
    public static QueueReader openAfter(Path directory, long lastIndex) {
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(RollCycles.FAST_DAILY)
                .build();
        try {
            ExcerptTailer tailer = queue.createTailer();
            if (lastIndex >= 0) {
                if (!tailer.moveToIndex(lastIndex)) {
                    throw new IllegalStateException("the queue at " + directory + " no longer holds index "
                            + Long.toHexString(lastIndex) + " where this output stopped (were queue files deleted?)");
                }
                try (DocumentContext alreadyRead = tailer.readingDocument()) {
                    if (!alreadyRead.isPresent()) {
                        throw new IllegalStateException("the queue at " + directory + " ends before index "
                                + Long.toHexString(lastIndex) + " where this output stopped");
                    }
                }
            } else {
                tailer.toStart();
            }
            return new QueueReader(queue, tailer, lastIndex);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /**
     * The next document, or {@code null} when none is there yet. An excerpt that stays unreadable while the queue
     * holds later ones is returned as an {@link Document#unreadable()} document and read past, so one corrupt
     * record never hides the ones after it.
     *
     * @throws IllegalStateException when nothing after a corrupt excerpt can be reached
     */
    public Document next() {
        try (DocumentContext document = tailer.readingDocument()) {
            if (document.isPresent()) {
                stuckSinceNanos = 0;
                net.openhft.chronicle.bytes.Bytes<?> bytes = document.wire().bytes();
                byte[] content = new byte[(int) bytes.readRemaining()];
                bytes.read(content);
                lastIndexRead = document.index();
                return new Document(document.index(), content);
            }
        }
        return writtenButUnreadable() ? skipCorruptExcerpt() : null;
    }

    /**
     * How many documents the queue holds in all: after a run that read everything it could, more than the
     * collector has ever processed means a corrupt excerpt hides some.
     */
    public static long entryCount(Path directory) {
        try (SingleChronicleQueue fresh = SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(RollCycles.FAST_DAILY).readOnly(true).build()) {
            return fresh.entryCount();
        }
    }

    /**
     * How many documents the queue holds after the last one this reader returned: the collector's lag, in records.
     * Counted on the queue's index (no excerpt is read), on the reading thread.
     */
    public long behind() {
        long last = queue.lastIndex();
        if (last == Long.MIN_VALUE || last <= lastIndexRead) {
            return 0;
        }
        if (lastIndexRead < 0) {
            return queue.countExcerpts(queue.firstIndex(), last) + 1;
        }
        // countExcerpts counts [from, to): from the last read (counted) to the last written (not counted).
        return queue.countExcerpts(lastIndexRead, last);
    }

    /** True while the reader stands before an excerpt it cannot read, with later ones written. */
    public boolean stuck() {
        return stuckSinceNanos != 0;
    }

    private boolean writtenButUnreadable() {
        long last = queue.lastIndex();
        if (last == Long.MIN_VALUE || last <= lastIndexRead) {
            stuckSinceNanos = 0;
            return false;
        }
        long now = System.nanoTime();
        if (stuckSinceNanos == 0) {
            stuckSinceNanos = now;
        }
        return now - stuckSinceNanos >= CORRUPT_AFTER_NANOS;
    }

    private Document skipCorruptExcerpt() {
        long corrupt = lastIndexRead < 0 ? queue.firstIndex() : lastIndexRead + 1;
        long last = queue.lastIndex();
        for (long next = corrupt + 1; next <= last && next <= corrupt + MAX_SKIP; next++) {
            if (tailer.moveToIndex(next)) {
                stuckSinceNanos = 0;
                lastIndexRead = corrupt;
                return new Document(corrupt, null);
            }
        }
        throw new IllegalStateException("the queue holds records up to index " + Long.toHexString(last)
                + " that cannot be read past the corrupt excerpt at index " + Long.toHexString(corrupt)
                + "; the queue files are left as they are");
    }

    @Override
    public void close() {
        queue.close();
    }
}
