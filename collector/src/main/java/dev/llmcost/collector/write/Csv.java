package dev.llmcost.collector.write;

import java.util.List;

/** RFC 4180 CSV lines: fields quoted when they hold a comma, quote or line break; null is an empty field. */
public final class Csv {

    private Csv() {
    }

    public static String line(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object field = fields.get(i);
            String text = field == null ? "" : field.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line.append('\n').toString();
    }
}
