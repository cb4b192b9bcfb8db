package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The collector's output, read back: ledger and error rows, and the daily rollup. */
final class Ledger {

    /** Costs are read as exact decimals, as a finance tool would, never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    final List<JsonNode> rows;
    final List<JsonNode> errors;
    final List<String> rollupLines;

    Ledger(Path out) throws IOException {
        rows = jsonLines(out.resolve("ledger"));
        errors = jsonLines(out.resolve("errors"));
        Path csv = out.resolve("rollups/daily.csv");
        rollupLines = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
    }

    private static List<JsonNode> jsonLines(Path directory) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(directory).sorted()) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    try {
                        rows.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not a JSON line in " + file + ": " + line, e);
                    }
                }
            }
        }
        return rows;
    }

    List<JsonNode> byFeature(String feature) {
        return rows.stream().filter(row -> Objects.equals(text(row, "feature"), feature)).toList();
    }

    /** The one row for {@code feature}; fails if there is none or more than one. */
    JsonNode one(String feature) {
        List<JsonNode> found = byFeature(feature);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " ledger rows for feature " + feature + ": " + found);
        }
        return found.get(0);
    }

    /** A decimal field exactly as written, e.g. "0.0000048". */
    static String decimal(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.decimalValue().toPlainString();
    }

    static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
