package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.CallSink;
import dev.llmcost.agent.capture.CapturedCall;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.provider.FixtureIndex;
import dev.llmcost.agent.provider.FixtureIndex.Fixture;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.bridge.LlmExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every recorded provider response, mutated in seeded ways, through the agent's capture path (classification,
 * the application's reads in random chunk sizes, head and tail past a 64 KiB limit) and its parsers to the queue
 * record. Whatever the mutation: nothing throws; a record is {@code reported} only with counts that appear in the
 * body served (each one a count field's value, or a sum of up to three, as the ledger's normalisation adds cache
 * reads and writes to input), never negative, never above the bound; counts are null otherwise; a cut stream is
 * incomplete (or, cut after its terminal usage, exactly what it was); an inserted error event makes it an error.
 * Unmutated, each gives its {@code INDEX.tsv} counts.
 *
 * <p>The seed of a failing case is in its message: {@code -Dllmcost.mutation.seed=N} runs more seeds from N.
 */
class FixtureMutationTest {

    private static final long SEED = Long.getLong("llmcost.mutation.seed", 20261202L);
    private static final int ROUNDS = Integer.getInteger("llmcost.mutation.rounds", 3);
    private static final int LIMIT = 4 << 20;
    private static final int SMALL_LIMIT = 64 * 1024;
    private static final Pattern BASE64_BYTES = Pattern.compile("\"bytes\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");

    static Stream<Fixture> fixtures() {
        return FixtureIndex.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mutatedResponsesGiveExactCountsOrAFlaggedStatus(Fixture fixture) {
        byte[] original = fixture.body();
        CallRecord unmutated = record(fixture, Mutation.none(original), new Random(SEED), LIMIT);
        if (unmutated == null) {
            assertTrue(isTentative(fixture) && fixture.status() != 200, fixture + ": no record");
        } else if (fixture.status() == 200) {
            assertUnmutatedCounts(fixture, unmutated);
        } else {
            assertEquals(UsageStatus.ERROR, unmutated.usageStatus());
        }
        Random random = new Random(SEED ^ fixture.file().hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            // Every other round past a 64 KiB capture limit: head and tail only, documents and streams alike.
            int limit = round % 2 == 0 ? LIMIT : SMALL_LIMIT;
            for (Mutation.Kind kind : Mutation.Kind.values()) {
                long seed = random.nextLong();
                Mutation mutation = Mutation.of(kind, original, fixture.contentType(), new Random(seed));
                String where = fixture + " " + kind + " (" + mutation.note() + ", limit " + limit + ", seed " + seed
                        + ")";
                CallRecord record;
                try {
                    record = record(fixture, mutation, new Random(seed), limit);
                } catch (Throwable escaped) {
                    throw new AssertionError(where + ": an exception escaped", escaped);
                }
                if (unmutated != null && !(record != null && record.usageStatus() == UsageStatus.NOT_CAPTURED
                        && mutation.body().length > limit && !fixture.streaming())) {
                    check(fixture, mutation, unmutated, record, where);
                }
            }
        }
    }

    private static void check(Fixture fixture, Mutation mutation, CallRecord unmutated, CallRecord record,
                              String where) {
        if (record == null) {
            // A generic path off a provider's host whose response does not look like an LLM API's: no record.
            assertTrue(isTentative(fixture), where + ": no record for a call to a provider's API");
            return;
        }
        Long[] counts = counts(record);
        if (record.usageStatus() != UsageStatus.REPORTED) {
            for (Long count : counts) {
                assertNull(count, where + ": counts without reported usage");
            }
            assertNotNull(record.usageNote(), where + ": a flagged status says why");
        } else {
            Set<Long> served = countsServed(mutation.body(), fixture);
            Long[] before = counts(unmutated);
            for (int i = 0; i < counts.length; i++) {
                Long count = counts[i];
                assertNotNull(count, where);
                assertTrue(count >= 0 && count <= TokenCount.max(), where + ": count out of range " + count);
                // Zero is an absent or null detail count: the unmutated body gave it too, or the mutation nulled a
                // nullable count or flipped a bit of its name. Any other count must be one the body served.
                boolean zeroAllowed = count == 0 && (before[i] != null && before[i] == 0
                        || mutation.kind() == Mutation.Kind.BIT_FLIP || mutation.note().endsWith("= null"));
                assertTrue(zeroAllowed || appearsIn(count, served), where + ": " + count + " is not a count the body"
                        + " served " + served + " (or a sum of them)");
            }
        }
        if (fixture.status() != 200) {
            assertEquals(UsageStatus.ERROR, record.usageStatus(), where);
            return;
        }
        switch (mutation.kind()) {
            case TRUNCATE, ABANDON -> {
                if (fixture.streaming()) {
                    assertTrue(record.usageStatus() == UsageStatus.INCOMPLETE || sameOutcome(unmutated, record),
                            where + ": a cut stream is incomplete, not " + record.usageStatus() + " ("
                                    + record.usageNote() + ")");
                } else {
                    assertTrue(record.usageStatus() != UsageStatus.REPORTED || sameOutcome(unmutated, record),
                            where + ": a cut document is flagged");
                }
            }
            case ERROR_EVENT -> assertTrue(record.usageStatus() == UsageStatus.ERROR
                    || (record.usageStatus() == UsageStatus.REPORTED && sameOutcome(unmutated, record)),
                    where + ": an error event makes an error, not " + record.usageStatus());
            case BAD_COUNT -> assertTrue(record.usageStatus() != UsageStatus.REPORTED
                    || sameOutcome(unmutated, record) || mutation.note().endsWith("= null"),
                    where + ": a count that is not a count was reported: " + Arrays.toString(counts));
            case NONE, WRONG_CONTENT_LENGTH -> assertTrue(sameOutcome(unmutated, record), where);
            default -> {
            }
        }
    }

    private static void assertUnmutatedCounts(Fixture fixture, CallRecord record) {
        assertNotNull(record, fixture.toString());
        long[] expected = fixture.expectedCounts();
        if (expected == null) {
            assertEquals(UsageStatus.MISSING, record.usageStatus(), fixture + ": " + record.usageNote());
            return;
        }
        assertEquals(UsageStatus.REPORTED, record.usageStatus(), fixture + ": " + record.usageNote());
        assertArrayEquals(expected, new long[] {record.inputTokens(), record.outputTokens(),
                record.cacheReadTokens(), record.cacheWriteTokens(), record.reasoningTokens()}, fixture.toString());
    }

    /** The call through the agent's capture, as the application reads the mutated body, to its queue record. */
    private static CallRecord record(Fixture fixture, Mutation mutation, Random random, int limit) {
        AgentConfig config = AgentConfig.load("capture.response.max.bytes=" + limit, new Properties(), Map.of());
        AgentCounters counters = new AgentCounters();
        List<CapturedCall> finished = new ArrayList<>();
        CallSink sink = new CallSink() {
            @Override
            public void callStarting() {
            }

            @Override
            public boolean offer(CapturedCall call) {
                finished.add(call);
                return true;
            }
        };
        LlmHttpCaptures captures = new LlmHttpCaptures(config, new dev.llmcost.agent.attribution.CarriedAttribution(new AttributionReader(AttributionKeys.from(config))),
                counters, new MemoryBudget(config.memoryBudget()), sink);
        LlmExchange exchange = captures.begin(fixture.get("method"), fixture.host(), fixture.path(), null, null,
                null);
        assertNotNull(exchange, fixture + " is not recognised");
        byte[] request = ("{\"model\":\"" + fixture.get("model") + "\",\"stream\":" + fixture.streaming() + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.requestBody(request, 0, request.length);
        Map<String, String> headers = fixture.headers();
        exchange.response(fixture.status(), fixture.contentType(), name -> name.equalsIgnoreCase("Content-Length")
                ? mutation.contentLength() : headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        byte[] body = mutation.body();
        for (int at = 0; at < body.length; ) {
            int chunk = Math.min(body.length - at, 1 + random.nextInt(8192));
            exchange.responseBytes(body, at, chunk);
            at += chunk;
        }
        if (mutation.ended()) {
            exchange.responseEnd();
        } else {
            exchange.responseAbort(null);
        }
        assertEquals(1, finished.size());
        return new CallRecordFactory("agent", "service", AttributionKeys.from(config), counters)
                .toRecord(finished.get(0));
    }

    /** Every count field's value in the body (base64 chunk bodies decoded), and the usage headers. */
    private static Set<Long> countsServed(byte[] body, Fixture fixture) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        StringBuilder all = new StringBuilder(text);
        Matcher chunk = BASE64_BYTES.matcher(text);
        while (chunk.find()) {
            try {
                all.append(new String(Base64.getDecoder().decode(chunk.group(1)), StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException damaged) {
                // a mutated chunk: its counts are not served
            }
        }
        Set<Long> served = new HashSet<>();
        for (Matcher count : Mutation.counts(all.toString())) {
            try {
                served.add(Long.parseLong(count.group(2)));
            } catch (NumberFormatException tooLong) {
                // not a count
            }
        }
        fixture.headers().values().forEach(value -> served.add(Long.parseLong(value)));
        return served;
    }

    /** {@code count} is a served count or the sum of two or three of them. */
    private static boolean appearsIn(long count, Set<Long> served) {
        if (served.contains(count)) {
            return true;
        }
        List<Long> values = new ArrayList<>(served);
        for (int i = 0; i < values.size(); i++) {
            for (int j = i; j < values.size(); j++) {
                long pair = values.get(i) + values.get(j);
                if (pair == count || served.contains(count - pair)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameOutcome(CallRecord expected, CallRecord actual) {
        return expected.usageStatus() == actual.usageStatus() && Arrays.equals(counts(expected), counts(actual));
    }

    private static Long[] counts(CallRecord record) {
        return new Long[] {record.inputTokens(), record.outputTokens(), record.cacheReadTokens(),
                record.cacheWriteTokens(), record.reasoningTokens()};
    }

    private static boolean isTentative(Fixture fixture) {
        return "localhost".equals(fixture.host()) && fixture.path().startsWith("/api/");
    }
}
