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

    /** One queue document: its index (its position in the queue) and its bytes (a UTF-8 JSON record). */
    public record Document(long index, byte[] bytes) {

        /** The bytes as text, for messages and for keeping an unreadable record. */
        public String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;

    private QueueReader(SingleChronicleQueue queue, ExcerptTailer tailer) {
        this.queue = queue;
        this.tailer = tailer;
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
            return new QueueReader(queue, tailer);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** The next document, or {@code null} when none is there yet. */
    public Document next() {
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                return null;
            }
            net.openhft.chronicle.bytes.Bytes<?> bytes = document.wire().bytes();
            byte[] content = new byte[(int) bytes.readRemaining()];
            bytes.read(content);
            return new Document(document.index(), content);
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
