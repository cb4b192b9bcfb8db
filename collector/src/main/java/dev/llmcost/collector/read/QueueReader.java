package dev.llmcost.collector.read;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
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
public final class QueueReader implements DocumentSource {

    /**
     * One queue document: its index (its position in the queue, or in the sequence a collector gives the records
     * it reads from Kafka) and its bytes (a UTF-8 JSON record), or no bytes for an excerpt the queue holds but cannot
     * be read (a corrupt header). {@code origin} says where a record from Kafka came from (topic, partition,
     * offset, shipper); {@code null} for the local queue, whose index says it.
     */
    public record Document(long index, byte[] bytes, String origin) {

        public Document(long index, byte[] bytes) {
            this(index, bytes, null);
        }

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
    /** For {@link #at} and {@link #newest}: looking around must not move the reading position. */
    private ExcerptTailer lookup;
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
    @Override
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
     * How many documents the queue holds after {@code index} (all of them when {@code index < 0}): how far a reader
     * that has read up to {@code index} is behind.
     */
    public long countAfter(long index) {
        long last = queue.lastIndex();
        if (last == Long.MIN_VALUE || last < 0) {
            return 0;
        }
        if (index < 0) {
            return queue.entryCount();
        }
        // Chronicle counts from the first index inclusive to the second exclusive: [index, last) has as many
        // documents as (index, last].
        return index >= last ? 0 : queue.countExcerpts(index, last);
    }

    /** The document at {@code index}, or {@code null} when the queue does not hold one there (or it is unreadable). */
    public Document at(long index) {
        ExcerptTailer around = lookup();
        around.direction(TailerDirection.FORWARD);
        if (index < 0 || !around.moveToIndex(index)) {
            return null;
        }
        return readOne(around);
    }

    /** The index of the queue's first document, or a negative number when it holds none. */
    public long firstIndex() {
        long first = queue.firstIndex();
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /** The newest document in the queue, or {@code null} when it holds none. */
    public Document newest() {
        ExcerptTailer around = lookup();
        around.direction(TailerDirection.BACKWARD).toEnd();
        return readOne(around);
    }

    private ExcerptTailer lookup() {
        if (lookup == null) {
            lookup = queue.createTailer();
        }
        return lookup;
    }

    private static Document readOne(ExcerptTailer from) {
        try (DocumentContext document = from.readingDocument()) {
            if (!document.isPresent()) {
                return null;
            }
            net.openhft.chronicle.bytes.Bytes<?> bytes = document.wire().bytes();
            byte[] content = new byte[(int) bytes.readRemaining()];
            bytes.read(content);
            return new Document(document.index(), content);
        }
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
