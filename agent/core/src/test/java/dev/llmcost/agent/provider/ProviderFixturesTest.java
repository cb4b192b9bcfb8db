package dev.llmcost.agent.provider;

import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.endpoint.EndpointClassifier;
import dev.llmcost.agent.provider.FixtureIndex.Fixture;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every recorded provider response in INDEX.tsv, routed the way the agent routes it — its request's host and
 * path through the {@link EndpointClassifier}, its body through that endpoint's parser — parses to the counts its
 * row gives, normalised by the ledger rule: whole, and for streams from their head and tail alone.
 */
class ProviderFixturesTest {

    /** The provider name (gen_ai.provider.name) each should be reported as. */
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"),
            Map.entry("azure_openai", "azure.ai.openai"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("aws_bedrock", "aws.bedrock"),
            Map.entry("google_gemini", "gcp.gemini"),
            Map.entry("google_vertex", "gcp.vertex_ai"),
            Map.entry("mistral", "mistral_ai"),
            Map.entry("cohere", "cohere"),
            Map.entry("groq", "groq"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("ollama", "ollama"),
            Map.entry("openrouter", "openrouter"),
            Map.entry("vllm", "openai"));

    private final EndpointClassifier classifier = new EndpointClassifier();

    static Stream<Fixture> successes() {
        return FixtureIndex.all().stream().filter(f -> f.status() == 200);
    }

    static Stream<Fixture> errors() {
        return FixtureIndex.all().stream().filter(f -> f.status() != 200);
    }

    /** Streams of more than one event: a one-event stream cannot be cut into a head and a tail. */
    static Stream<Fixture> streams() {
        return successes().filter(Fixture::streaming).filter(f -> !f.file().endsWith(".bin") || wholeEventCount(f) > 1);
    }

    private static int wholeEventCount(Fixture fixture) {
        byte[] body = fixture.body();
        try {
            return CapturedBody.whole(body, body.length).awsEventMessages().messages().size();
        } catch (dev.llmcost.agent.provider.format.MalformedBodyException e) {
            throw new AssertionError(e);
        }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("successes")
    void isRoutedToItsProviderWithItsModel(Fixture fixture) {
        Endpoint endpoint = endpoint(fixture);
        assertEquals(PROVIDERS.get(fixture.get("provider")), endpoint.provider());
        // An Azure deployment name is not the model (the body names that); every other path model is.
        if (endpoint.pathModel() != null && !endpoint.provider().equals("azure.ai.openai")) {
            assertEquals(fixture.get("model"), endpoint.pathModel());
        }
    }

    /** The service tier the provider says served the call is kept (flex and priority are priced apart). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"openai/chat_completions/reasoning-gpt-5-nano.json",
            "openai/chat_completions/stream-include-usage-wiremock.sse", "openai/responses/stream-basic.sse",
            "anthropic/messages/cache-read-and-write-same-call.json", "anthropic/messages/stream-tool-use.sse"})
    void keepsTheServiceTier(String file) {
        Fixture fixture = FixtureIndex.all().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
        byte[] body = fixture.body();
        String expected = file.startsWith("anthropic") ? "standard" : "default";
        assertEquals(expected, parse(fixture, CapturedBody.whole(body, body.length)).serviceTier());
    }

    private Endpoint endpoint(Fixture fixture) {
        Endpoint endpoint = classifier.classify(fixture.get("method"), fixture.host(), fixture.path());
        assertNotNull(endpoint, "not recognised as an LLM call: " + fixture.path());
        return endpoint;
    }

    private ResponseFacts parse(Fixture fixture, CapturedBody body) {
        ApiParser parser = endpoint(fixture).format().parser();
        RequestFacts request = new RequestFacts(fixture.get("model"), fixture.streaming(), false);
        return parser.parseResponse(new CapturedResponse(fixture.status(), fixture.contentType(), body, true,
                fixture.headers()), request);
    }

    private static void assertCounts(Fixture fixture, ResponseFacts facts) {
        long[] expected = fixture.expectedCounts();
        if (expected == null) {
            assertEquals(UsageStatus.MISSING, facts.status(), "no usage in " + fixture);
            assertNull(facts.usage());
            return;
        }
        assertEquals(UsageStatus.REPORTED, facts.status(), fixture + ": " + facts.note());
        assertNotNull(facts.usage());
        assertArrayEquals(expected, Fixture.counts(facts.usage()), "input, output, cache read, cache write, reasoning");
    }

}
