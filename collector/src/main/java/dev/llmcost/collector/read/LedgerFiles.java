package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger the collectors wrote ({@code OUT/ledger/YYYY-MM-DD.jsonl} of every shard of an {@link OutputSet}),
 * read back one row at a time for the commands that answer questions from it (report, FOCUS export, budgets,
 * allocations): a year of ledger in bounded memory. Rows come day by day, and within a day shard by shard in the
 * set's order, then line by line; each file only up to its committed length.
 */
public final class LedgerFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final List<LedgerShard.DayFile> files;

    /** @param files in the set's shard order: sorted here by day, keeping that order within a day */
    LedgerFiles(List<LedgerShard.DayFile> files) {
        List<LedgerShard.DayFile> byDay = new ArrayList<>(files);
        byDay.sort(Comparator.comparing(LedgerShard.DayFile::day));
        this.files = List.copyOf(byDay);
    }

    /**
     * Every byte of the day files of {@code out/ledger} within UTC days {@code since..until} (either may be null:
     * open): for the collector's own output directory, which it holds locked and has rolled back to its checkpoint.
     * The reading commands read an {@link OutputSet} instead.
     */
    public static LedgerFiles whole(Path out, LocalDate since, LocalDate until) throws IOException {
        return OutputSet.whole(out).ledger(since, until);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public LocalDate firstDay() {
        return files.get(0).day();
    }

    public LocalDate lastDay() {
        return files.get(files.size() - 1).day();
    }

    /** Every committed row, oldest day first. */
    public void forEachRow(Consumer<JsonNode> consumer) throws IOException {
        for (LedgerShard.DayFile file : files) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new CommittedBytes(open(file), file.committedLength()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        consumer.accept(JSON.readTree(line));
                    }
                }
            }
        }
    }

    private static InputStream open(LedgerShard.DayFile file) throws IOException {
        Path toRead = file.shard().toRead(file.file());
        try {
            return Files.newInputStream(toRead);
        } catch (NoSuchFileException renamedMeanwhile) {
            // A reprice's new day file, renamed over the old one since: the same bytes, under the day file's name.
            return Files.newInputStream(file.file());
        }
    }

    /** The first {@code length} bytes of a file: what comes after was not committed (a batch being written). */
    private static final class CommittedBytes extends FilterInputStream {

        private long remaining;

        CommittedBytes(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
