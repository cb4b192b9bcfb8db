package dev.llmcost.agent.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded provider responses in {@code fixtures/providers} and their {@code INDEX.tsv}: what each body
 * is and the token counts it must parse to (see the README there).
 */
public final class FixtureIndex {

    /** One row of the index. */
    public record Fixture(Map<String, String> columns) {

        public String file() {
            return columns.get("file");
        }

        public String get(String column) {
            String value = columns.get(column);
            return value == null || value.isBlank() ? null : value.trim();
        }

        public Long number(String column) {
            String value = get(column);
            return value == null ? null : Long.parseLong(value);
        }

        public int status() {
            return Integer.parseInt(get("status"));
        }

        public boolean streaming() {
            return "true".equals(get("streaming"));
        }

        public byte[] body() {
            try (InputStream in = FixtureIndex.class.getResourceAsStream("/fixtures/providers/" + file())) {
                if (in == null) {
                    throw new IllegalStateException("fixture missing: " + file());
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file();
        }
    }

    private FixtureIndex() {
    }

    public static List<Fixture> all() {
        try (InputStream in = FixtureIndex.class.getResourceAsStream("/fixtures/providers/INDEX.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String[] header = lines[0].split("\t", -1);
            List<Fixture> fixtures = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] cells = lines[i].split("\t", -1);
                Map<String, String> columns = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    columns.put(header[c].trim(), c < cells.length ? cells[c] : "");
                }
                fixtures.add(new Fixture(columns));
            }
            return fixtures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
