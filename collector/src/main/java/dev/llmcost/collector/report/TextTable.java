package dev.llmcost.collector.report;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A plain text table for the terminal: columns as wide as their widest cell, numbers aligned right. */
public final class TextTable {

    private final List<String> header;
    private final java.util.ArrayList<List<String>> rows = new java.util.ArrayList<>();

    public TextTable(String... header) {
        this.header = Arrays.asList(header);
    }

    public void row(Object... cells) {
        rows.add(Arrays.stream(cells).map(cell -> Objects.toString(cell, "")).toList());
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        boolean[] numeric = new boolean[header.size()];
        for (int i = 0; i < numeric.length; i++) {
            int column = i;
            numeric[i] = rows.stream().map(row -> row.get(column)).filter(cell -> !cell.isEmpty())
                    .allMatch(cell -> Character.isDigit(cell.charAt(0)) || cell.equals("unpriced")
                            || cell.equals("new") || cell.matches("[+-]\\d.*") || cell.matches("-?\\$\\d.*"));
        }
        out.println(format(header, widths, numeric));
        rows.forEach(row -> out.println(format(row, widths, numeric)));
    }

    private static String format(List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append("  ").append(numeric[i] ? padding + cell : cell + padding);
        }
        return line.toString().stripTrailing();
    }
}
