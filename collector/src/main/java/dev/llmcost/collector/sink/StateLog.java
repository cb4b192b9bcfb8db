package dev.llmcost.collector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A sink's keyed state on disk, so that a commit writes what changed in its batch, not everything: a snapshot of
 * every entry and a log of the entries changed since, one JSON line each (a later line for a key replaces an
 * earlier one). The position the checkpoint keeps is the generation and the log's committed length; a restart
 * replays the snapshot and the log up to it. When the log has grown past twice the entries (and a floor), the next
 * commit writes a new generation: a full snapshot and an empty log; the old generation's files are deleted once
 * the checkpoint that names the new one is saved.
 *
 * <p>Files: {@code DIR/snapshot-G.jsonl}, {@code DIR/log-G.jsonl}.
 */
public final class StateLog implements AutoCloseable {

    private static final long COMPACT_FLOOR = 100_000;

    private final Path directory;
    private long generation;
    private long logLength;
    private long logLines;
    private FileChannel log;

    public StateLog(Path directory) {
        this.directory = directory;
    }

    /**
     * Appends the changed entries and makes them durable; or, when the log is long, writes a new generation of
     * {@code all} entries instead (asked for only then). Returns the position to keep in the checkpoint.
     */
    public JsonNode commit(Collection<String> changed, long entries, Supplier<? extends Iterable<String>> all)
            throws IOException {
        return commit(changed, changed.size(), entries, all);
    }

    /**
     * As above, with the {@code count} changed entries made one at a time as they are written: a commit of many
     * changed rows (ten thousand customers' rows after two seconds of calls) never holds them all as text at once.
     */
    public JsonNode commit(Iterable<String> changed, int count, long entries,
                           Supplier<? extends Iterable<String>> all) throws IOException {
        if (logLines + count > Math.max(COMPACT_FLOOR, 2 * entries)) {
            startGeneration(generation + 1, all.get());
        } else if (count > 0) {
            FileChannel channel = log();
            // Not closed: closing the writer would close the log; what it buffers is flushed before the sync.
            java.io.Writer writer = new java.io.BufferedWriter(java.nio.channels.Channels.newWriter(channel,
                    StandardCharsets.UTF_8), 1 << 16);
            for (String line : changed) {
                writer.write(line);
                writer.write('\n');
            }
            writer.flush();
            channel.force(false);
            logLength = channel.size();
            logLines += count;
        }
        return position();
    }

    /** Writes a new generation holding {@code all} (a first commit, or a state that must start again). */
    public JsonNode replaceWith(Iterable<String> all) throws IOException {
        startGeneration(generation + 1, all);
        return position();
    }

    private void startGeneration(long next, Iterable<String> all) throws IOException {
        closeLog();
        writeSnapshot(snapshot(next), all);
        Files.deleteIfExists(logFile(next));
        generation = next;
        logLength = 0;
        logLines = 0;
    }

    public JsonNode position() {
        ObjectNode position = JsonNodeFactory.instance.objectNode();
        position.put("generation", generation);
        position.put("log_length", logLength);
        return position;
    }

    /**
     * Returns to {@code position}: every line of its snapshot, then of its log up to the committed length, is handed
     * to {@code line} in order; the log is cut back to that length and other generations' files are removed.
     */
    public void restore(JsonNode position, Consumer<String> line) throws IOException {
        closeLog();
        generation = position.path("generation").asLong();
        logLength = position.path("log_length").asLong();
        logLines = 0;
        removeOtherGenerations();
        if (Files.exists(snapshot(generation))) {
            read(snapshot(generation), Long.MAX_VALUE, line);
        } else if (generation > 0) {
            throw new IOException("the collector's state file " + snapshot(generation) + " is missing: the output "
                    + "directory was changed outside the collector");
        }
        Path logFile = logFile(generation);
        if (Files.exists(logFile)) {
            try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
                if (channel.size() > logLength) {
                    channel.truncate(logLength);
                    channel.force(true);
                }
            }
            logLines = read(logFile, logLength, line);
        }
    }

    /** After the checkpoint naming the current generation is saved: older generations can go. */
    public void committed() throws IOException {
        removeOtherGenerations();
    }

    private void removeOtherGenerations() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if ((name.startsWith("snapshot-") || name.startsWith("log-")) && !name.equals(snapshot(generation)
                        .getFileName().toString()) && !name.equals(logFile(generation).getFileName().toString())) {
                    Files.delete(file);
                }
            }
        }
    }

    private static long read(Path file, long length, Consumer<String> line) throws IOException {
        long lines = 0;
        long read = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while (read < length && (text = reader.readLine()) != null) {
                read += text.getBytes(StandardCharsets.UTF_8).length + 1;
                if (!text.isBlank()) {
                    line.accept(text);
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Streamed to a temporary file, synced, then renamed: never all in memory, never half on disk. */
    private void writeSnapshot(Path file, Iterable<String> lines) throws IOException {
        Files.createDirectories(directory);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             java.io.Writer writer = new java.io.BufferedWriter(java.nio.channels.Channels.newWriter(channel,
                     StandardCharsets.UTF_8), 1 << 16)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
            writer.flush();
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(directory);
    }

    private FileChannel log() throws IOException {
        if (log == null) {
            Files.createDirectories(directory);
            boolean created = !Files.exists(logFile(generation));
            log = FileChannel.open(logFile(generation), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            log.position(logLength);
            if (created) {
                AtomicFiles.syncDirectory(directory);
            }
        }
        return log;
    }

    private void closeLog() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    private Path snapshot(long generation) {
        return directory.resolve("snapshot-" + generation + ".jsonl");
    }

    private Path logFile(long generation) {
        return directory.resolve("log-" + generation + ".jsonl");
    }

    @Override
    public void close() throws IOException {
        closeLog();
    }
}
