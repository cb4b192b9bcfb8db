package dev.llmcost.collector.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Append-only JSON-lines files, one per UTC day ({@code <dir>/2026-11-24.jsonl}). Lines are buffered and
 * written by {@link #flush()}, which also makes them durable and reports each file's length, so that a
 * checkpoint can record exactly which bytes are committed — and a restart can cut off any that are not.
 */
public final class DayFiles implements AutoCloseable {

    private static final int MAX_OPEN = 8;

    private final Path directory;
    private final Map<LocalDate, StringBuilder> pending = new TreeMap<>();
    private final Map<LocalDate, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);

    public DayFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path fileFor(LocalDate day) {
        return directory.resolve(day + ".jsonl");
    }

    public void append(LocalDate day, String line) {
        pending.computeIfAbsent(day, d -> new StringBuilder(4096)).append(line).append('\n');
    }

    /** Writes and syncs what was appended; returns the length of every file written to. */
    public Map<String, Long> flush() throws IOException {
        Map<String, Long> lengths = new HashMap<>();
        for (Map.Entry<LocalDate, StringBuilder> entry : pending.entrySet()) {
            FileChannel channel = channel(entry.getKey());
            ByteBuffer bytes = ByteBuffer.wrap(entry.getValue().toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            lengths.put(directory.getFileName() + "/" + fileFor(entry.getKey()).getFileName(), channel.size());
        }
        pending.clear();
        return lengths;
    }

    private FileChannel channel(LocalDate day) throws IOException {
        FileChannel channel = open.get(day);
        if (channel == null) {
            Files.createDirectories(directory);
            boolean created = !Files.exists(fileFor(day));
            channel = FileChannel.open(fileFor(day), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created) {
                AtomicFiles.syncDirectory(directory);
            }
            open.put(day, channel);
            if (open.size() > MAX_OPEN) {
                Iterator<FileChannel> eldest = open.values().iterator();
                eldest.next().close();
                eldest.remove();
            }
        }
        return channel;
    }

    /** Every day file in the directory, by name relative to the output directory ({@code ledger/…}). */
    public Map<String, Path> existing() throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> list = Files.list(directory)) {
                list.filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                        .forEach(file -> files.put(directory.getFileName() + "/" + file.getFileName(), file));
            }
        }
        return files;
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : open.values()) {
            channel.close();
        }
        open.clear();
    }
}
