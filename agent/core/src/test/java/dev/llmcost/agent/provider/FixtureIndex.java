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

        /**
         * The usage the body must parse to, in the ledger's terms — input, output, cache read, cache write,
         * reasoning — or {@code null} when the body has none.
         */
        public long[] expectedCounts() {
            Long input = number("ledger_input_tokens");
            Long output = number("ledger_output_tokens");
            Long headerInput = number("header_input_tokens");
            if (input == null && headerInput != null) {
                // Bedrock families that report usage only in the X-Amzn-Bedrock-*-Token-Count headers (the index's
                // ledger columns cover bodies): what AWS bills is in the headers.
                input = headerInput + orZero(number("header_cache_read_tokens"))
                        + orZero(number("header_cache_write_tokens"));
                output = number("header_output_tokens");
            }
            Long reasoning = number("expected_reasoning_tokens");
            if (input == null && output == null && reasoning == null) {
                return null;
            }
            // One row (Gemini thinking cut off by max tokens) has thoughts but a blank ledger output: thoughts are
            // output, so its output is its reasoning.
            return new long[] {orZero(input), output != null ? output : orZero(reasoning),
                    orZero(number("expected_cache_read_tokens")), orZero(number("expected_cache_write_tokens")),
                    orZero(reasoning)};
        }

        /** A usage's counts in the order of {@link #expectedCounts()}. */
        public static long[] counts(dev.llmcost.agent.provider.Usage usage) {
            return new long[] {usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                    usage.cacheWriteTokens(), usage.reasoningTokens()};
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }

        /** The host the recorded request went to (the index records paths only). */
        public String host() {
            return HOSTS.get(get("provider"));
        }

        /** The path without its query. */
        public String path() {
            String path = get("path");
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        /** The recorded content type, or the one the provider sends for this kind of body where none was recorded. */
        public String contentType() {
            String recorded = get("content_type");
            if (recorded != null) {
                return recorded;
            }
            return file().endsWith(".sse") ? "text/event-stream" : file().endsWith(".bin")
                    ? "application/vnd.amazon.eventstream" : file().endsWith(".ndjson") ? "application/x-ndjson"
                    : "application/json";
        }

        /** The recorded Bedrock token-count headers, by lower-case name. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            put(headers, "x-amzn-bedrock-input-token-count", get("header_input_tokens"));
            put(headers, "x-amzn-bedrock-output-token-count", get("header_output_tokens"));
            put(headers, "x-amzn-bedrock-cache-read-input-token-count", get("header_cache_read_tokens"));
            put(headers, "x-amzn-bedrock-cache-write-input-token-count", get("header_cache_write_tokens"));
            return headers;
        }

        private static void put(Map<String, String> headers, String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
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

    /** The host each recorded provider's requests went to. */
    private static final Map<String, String> HOSTS = Map.ofEntries(
            Map.entry("openai", "api.openai.com"),
            Map.entry("azure_openai", "acme.openai.azure.com"),
            Map.entry("anthropic", "api.anthropic.com"),
            Map.entry("aws_bedrock", "bedrock-runtime.us-east-1.amazonaws.com"),
            Map.entry("google_gemini", "generativelanguage.googleapis.com"),
            Map.entry("google_vertex", "us-central1-aiplatform.googleapis.com"),
            Map.entry("mistral", "api.mistral.ai"),
            Map.entry("cohere", "api.cohere.com"),
            Map.entry("groq", "api.groq.com"),
            Map.entry("deepseek", "api.deepseek.com"),
            Map.entry("ollama", "localhost"),
            Map.entry("openrouter", "openrouter.ai"),
            Map.entry("vllm", "localhost"));

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
