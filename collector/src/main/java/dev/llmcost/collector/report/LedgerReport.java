package dev.llmcost.collector.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Cost by any dimensions, read from the ledger the collector wrote: one pass over the day files in range, one
 * row at a time, so a year of ledger is reported in bounded memory (one entry per group).
 */
public final class LedgerReport {

    /** The dimensions a report can group by; {@code attributes.KEY} adds any attribute key. */
    public static final List<String> DIMENSIONS = List.of("day", "provider", "model", "request_model", "feature",
            "customer", "team", "service", "operation");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final List<String> dimensions;
    final Map<List<String>, ReportTotals> groups = new HashMap<>();
    final ReportTotals total = new ReportTotals();
    final ReportTotals unattributed = new ReportTotals();
    final Map<String, Long> unpricedByModel = new TreeMap<>();
    final LocalDate since;
    final LocalDate until;
    final ReportTotals.Period period;

    private LedgerReport(List<String> dimensions, LocalDate since, LocalDate until) {
        this.dimensions = dimensions;
        this.since = since;
        this.until = until;
        this.period = new ReportTotals.Period(until.toString(), until.minusDays(1).toString());
    }

    /**
     * Reads {@code out/ledger/*.jsonl} for the UTC days {@code since..until} (either may be null: from the first
     * or to the last day there is).
     */
    public static LedgerReport read(Path out, List<String> dimensions, LocalDate since, LocalDate until)
            throws IOException {
        for (String dimension : dimensions) {
            if (!DIMENSIONS.contains(dimension) && !dimension.startsWith("attributes.")) {
                throw new IllegalArgumentException("unknown dimension '" + dimension + "' (known: "
                        + String.join(", ", DIMENSIONS) + ", attributes.KEY)");
            }
        }
        List<Path> days = dayFiles(out.resolve("ledger"), since, until);
        LocalDate last = until != null ? until : days.isEmpty() ? LocalDate.now(java.time.ZoneOffset.UTC)
                : LocalDate.parse(dayOf(days.get(days.size() - 1)));
        LocalDate first = since != null ? since : days.isEmpty() ? last : LocalDate.parse(dayOf(days.get(0)));
        LedgerReport report = new LedgerReport(List.copyOf(dimensions), first, last);
        for (Path day : days) {
            try (BufferedReader lines = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        report.add(JSON.readTree(line));
                    }
                }
            }
        }
        return report;
    }

    public List<String> dimensions() {
        return dimensions;
    }

    /** The groups, most expensive first (ties: most calls, then by name). */
    List<Map.Entry<List<String>, ReportTotals>> rows() {
        List<Map.Entry<List<String>, ReportTotals>> rows = new ArrayList<>(groups.entrySet());
        rows.sort((a, b) -> {
            int byCost = b.getValue().costUsd.compareTo(a.getValue().costUsd);
            if (byCost != 0) {
                return byCost;
            }
            int byCalls = Long.compare(b.getValue().calls, a.getValue().calls);
            return byCalls != 0 ? byCalls : String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey()));
        });
        return rows;
    }

    private void add(JsonNode row) {
        List<String> key = new ArrayList<>(dimensions.size());
        for (String dimension : dimensions) {
            key.add(value(row, dimension));
        }
        groups.computeIfAbsent(key, k -> new ReportTotals()).add(row, period);
        total.add(row, period);
        if (text(row, "feature") == null && text(row, "customer") == null && text(row, "team") == null) {
            unattributed.add(row, period);
        }
        if ("reported".equals(row.path("usage_status").asText()) && row.path("cost_usd").isNull()) {
            String model = text(row, "response_model") != null ? text(row, "response_model")
                    : text(row, "request_model");
            unpricedByModel.merge(text(row, "provider") + ":" + model, 1L, Long::sum);
        }
    }

    private static String value(JsonNode row, String dimension) {
        return switch (dimension) {
            case "day" -> row.path("timestamp").asText().substring(0, 10);
            case "model" -> text(row, "response_model") != null ? text(row, "response_model")
                    : text(row, "request_model");
            default -> dimension.startsWith("attributes.")
                    ? text(row.path("attributes"), dimension.substring("attributes.".length()))
                    : text(row, dimension);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<Path> dayFiles(Path ledger, LocalDate since, LocalDate until) throws IOException {
        if (!Files.isDirectory(ledger)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ledger)) {
            return files.filter(file -> file.getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\d\\.jsonl"))
                    .filter(file -> {
                        LocalDate day = LocalDate.parse(dayOf(file));
                        return (since == null || !day.isBefore(since)) && (until == null || !day.isAfter(until));
                    })
                    .sorted().toList();
        }
    }

    private static String dayOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".jsonl".length());
    }
}
