package dev.llmcost.collector.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ledger the collector wrote ({@code OUT/ledger/YYYY-MM-DD.jsonl}), read back one row at a time for the
 * commands that answer questions from it (report, FOCUS export): a year of ledger in bounded memory.
 */
public final class LedgerFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final List<Path> days;

    private LedgerFiles(List<Path> days) {
        this.days = days;
    }

    /** The day files of {@code out/ledger} within UTC days {@code since..until} (either may be null: open). */
    public static LedgerFiles of(Path out, LocalDate since, LocalDate until) throws IOException {
        Path ledger = out.resolve("ledger");
        if (!Files.isDirectory(ledger)) {
            return new LedgerFiles(List.of());
        }
        try (Stream<Path> files = Files.list(ledger)) {
            return new LedgerFiles(files
                    .filter(file -> file.getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\d\\.jsonl"))
                    .filter(file -> {
                        LocalDate day = dayOf(file);
                        return (since == null || !day.isBefore(since)) && (until == null || !day.isAfter(until));
                    })
                    .sorted().toList());
        }
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    public LocalDate firstDay() {
        return dayOf(days.get(0));
    }

    public LocalDate lastDay() {
        return dayOf(days.get(days.size() - 1));
    }

    /** Every row, oldest day first. */
    public void forEachRow(Consumer<JsonNode> consumer) throws IOException {
        for (Path day : days) {
            try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        consumer.accept(JSON.readTree(line));
                    }
                }
            }
        }
    }

    private static LocalDate dayOf(Path file) {
        String name = file.getFileName().toString();
        return LocalDate.parse(name.substring(0, name.length() - ".jsonl".length()));
    }
}
