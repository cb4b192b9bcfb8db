package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.FixtureIndex.Fixture;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every chat-completions fixture (OpenAI and the servers that copy its API) parses to the counts its row in
 * INDEX.tsv gives, normalised by the ledger rule — whole, and when only the head and tail of a stream were kept.
 */
class ChatCompletionsFixturesTest {

    private final ApiParser parser = ApiFormat.OPENAI_CHAT_COMPLETIONS.parser();

    static Stream<Fixture> successes() {
        return FixtureIndex.all().stream().filter(f -> f.get("api").equals("chat_completions") && f.status() == 200);
    }

    static Stream<Fixture> errors() {
        return FixtureIndex.all().stream().filter(f -> f.get("api").equals("chat_completions") && f.status() != 200);
    }

    static Stream<Fixture> streams() {
        return successes().filter(Fixture::streaming);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successes")
    void parsesToTheIndexedCounts(Fixture fixture) {
        byte[] body = fixture.body();
        assertCounts(fixture, parse(fixture, CapturedBody.whole(body, body.length)));
    }

    /** Long streams keep only their first and last bytes: the counts must not change. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void streamsParseFromHeadAndTailAlone(Fixture fixture) {
        byte[] body = fixture.body();
        int edge = Math.min(body.length / 3, 4096);
        byte[] head = Arrays.copyOfRange(body, 0, edge);
        byte[] tail = Arrays.copyOfRange(body, body.length - 2 * edge, body.length);
        CapturedBody split = CapturedBody.split(head, head.length, tail, tail.length, body.length);
        assertCounts(fixture, parse(fixture, split));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorBodiesGiveNoUsageAndNoCrash(Fixture fixture) {
        byte[] body = fixture.body();
        ResponseFacts facts = parse(fixture, CapturedBody.whole(body, body.length));
        assertNull(facts.usage());
    }

    private ResponseFacts parse(Fixture fixture, CapturedBody body) {
        String contentType = fixture.streaming() ? "text/event-stream; charset=utf-8" : "application/json";
        RequestFacts request = new RequestFacts(fixture.get("model"), fixture.streaming(), false);
        return parser.parseResponse(new CapturedResponse(fixture.status(), contentType, body, true), request);
    }

    private static void assertCounts(Fixture fixture, ResponseFacts facts) {
        Long input = fixture.number("ledger_input_tokens");
        if (input == null) {
            assertEquals(UsageStatus.MISSING, facts.status(), "no usage in " + fixture);
            assertNull(facts.usage());
            return;
        }
        assertEquals(UsageStatus.REPORTED, facts.status(), fixture + ": " + facts.note());
        Usage usage = facts.usage();
        assertNotNull(usage);
        assertEquals(input, usage.inputTokens(), "input tokens");
        assertEquals(fixture.number("ledger_output_tokens"), usage.outputTokens(), "output tokens");
        assertEquals(orZero(fixture.number("expected_cache_read_tokens")), usage.cacheReadTokens(), "cache reads");
        assertEquals(orZero(fixture.number("expected_cache_write_tokens")), usage.cacheWriteTokens(), "cache writes");
        assertEquals(orZero(fixture.number("expected_reasoning_tokens")), usage.reasoningTokens(), "reasoning");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
