package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.CollectorState;
import dev.llmcost.collector.write.Checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One collector's output directory as the reading commands see it. Its ledger is what the collector's last
 * checkpoint committed: each day file up to the length the ledger sink made durable ({@code sinks.ledger.position
 * .files} of {@code .llmcost/checkpoint.json}, as {@code DayFileSink.flush} returns it), and no file the
 * checkpoint does not know. A collector in the middle of a batch has written bytes after those lengths, and may
 * cut them off again when it restarts: they are not counted until they are committed.
 *
 * <p>A directory with a {@code .llmcost/} but no checkpoint yet is a collector that has committed nothing: it holds
 * no calls. A directory with a {@code ledger/} and no {@code .llmcost/} was not written by a collector (a ledger
 * copied or written by hand): every byte of it is read.
 */
public final class LedgerShard {

    private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d\\.jsonl");
    /** A reprice writes {@code ledger/D.jsonl.repriced} beside the day file and commits it before renaming it. */
    private static final String REPRICED = ".repriced";

    /** A day file of the shard and how many of its bytes are committed ({@link Long#MAX_VALUE}: all of them). */
    public record DayFile(LedgerShard shard, LocalDate day, Path file, long committedLength) {
    }

    private final String name;
    private final Path directory;
    /** The last checkpoint; {@code null} when there is none. */
    private final CollectorState state;
    /** Whether the directory was written by a collector (it has a {@code .llmcost/}). */
    private final boolean collected;

    private LedgerShard(String name, Path directory, CollectorState state, boolean collected) {
        this.name = name;
        this.directory = directory;
        this.state = state;
        this.collected = collected;
    }

    /** Whether {@code directory} is a collector's output directory (it has a {@code .llmcost/}). */
    static boolean isCollected(Path directory) {
        return Files.isDirectory(directory.resolve(".llmcost"));
    }

    /** The shard in {@code directory}, as of its checkpoint now; {@code name} is how it is shown. */
    static LedgerShard read(String name, Path directory) throws IOException {
        CollectorState state = new Checkpoint(directory).load().orElse(null);
        return new LedgerShard(name, directory, state, isCollected(directory));
    }

    /** Every byte of the directory's ledger: the collector's own directory, which it holds locked and rolled back. */
    static LedgerShard whole(Path directory) {
        return new LedgerShard(directory.toString(), directory, null, false);
    }

    /** The directory as it was named ({@code --out}, or the parent's path and the shard's directory). */
    public String name() {
        return name;
    }

    public Path directory() {
        return directory;
    }

    /** The shard's last checkpoint, or empty when the directory has none. */
    public Optional<CollectorState> state() {
        return Optional.ofNullable(state);
    }

    /** A collector's directory that has no checkpoint yet: it has committed no call. */
    public boolean nothingCommitted() {
        return collected && state == null;
    }

    /** The committed ledger day files of the UTC days {@code since..until} (either may be null: open). */
    List<DayFile> dayFiles(LocalDate since, LocalDate until) throws IOException {
        List<DayFile> files = new ArrayList<>();
        for (Map.Entry<String, Long> file : committedLengths().entrySet()) {
            LocalDate day = LocalDate.parse(file.getKey().substring(0, 10));
            if ((since == null || !day.isBefore(since)) && (until == null || !day.isAfter(until))) {
                Path path = directory.resolve("ledger").resolve(file.getKey());
                if (Files.exists(path) || Files.exists(repriced(path))) {
                    files.add(new DayFile(this, day, path, file.getValue()));
                }
                // A committed day file removed since (old days deleted to keep the disk): nothing left to count.
            }
        }
        return files;
    }

    /** Day file name ({@code 2026-11-24.jsonl}) to committed length, in day order. */
    private Map<String, Long> committedLengths() throws IOException {
        Map<String, Long> lengths = new TreeMap<>();
        if (!collected) {
            Path ledger = directory.resolve("ledger");
            if (Files.isDirectory(ledger)) {
                try (Stream<Path> list = Files.list(ledger)) {
                    list.map(file -> file.getFileName().toString()).filter(name -> DAY_FILE.matcher(name).matches())
                            .forEach(name -> lengths.put(name, Long.MAX_VALUE));
                }
            }
            return lengths;
        }
        if (state == null || state.sink("ledger") == null) {
            return lengths;
        }
        JsonNode files = state.sink("ledger").position().path("files");
        files.fields().forEachRemaining(file -> {
            String name = file.getKey().substring(file.getKey().indexOf('/') + 1);
            if (file.getKey().startsWith("ledger/") && DAY_FILE.matcher(name).matches()) {
                lengths.put(name, file.getValue().asLong());
            }
        });
        return lengths;
    }

    /**
     * The file to read for a day file: a reprice that committed but has not yet renamed its new day file over the
     * old one committed the new one's length, so the new one is read.
     */
    Path toRead(Path dayFile) {
        Set<String> pending = state == null ? Set.of() : Set.copyOf(state.pendingRenames());
        Path repriced = repriced(dayFile);
        return pending.contains("ledger/" + dayFile.getFileName()) && Files.exists(repriced) ? repriced : dayFile;
    }

    private static Path repriced(Path dayFile) {
        return dayFile.resolveSibling(dayFile.getFileName() + REPRICED);
    }

    @Override
    public String toString() {
        return name;
    }
}
