package dev.llmcost.agent.provider;

import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.endpoint.EndpointClassifier;
import dev.llmcost.agent.provider.FixtureIndex.Fixture;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every recorded provider response in INDEX.tsv, routed the way the agent routes it — its request's host and
 * path through the {@link EndpointClassifier}, its body through that endpoint's parser — parses to the counts its
 * row gives, normalised by the ledger rule: whole, and for streams from their head and tail alone.
 */
class ProviderFixturesTest {

    /** The host each recorded provider's requests went to (the index records paths only). */
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
        String path = fixture.get("path");
        int query = path.indexOf('?');
        Endpoint endpoint = classifier.classify(fixture.get("method"), HOSTS.get(fixture.get("provider")),
                query < 0 ? path : path.substring(0, query));
        assertNotNull(endpoint, "not recognised as an LLM call: " + path);
        return endpoint;
    }

    private ResponseFacts parse(Fixture fixture, CapturedBody body) {
        ApiParser parser = endpoint(fixture).format().parser();
        RequestFacts request = new RequestFacts(fixture.get("model"), fixture.streaming(), false);
        return parser.parseResponse(new CapturedResponse(fixture.status(), contentType(fixture), body, true,
                headers(fixture)), request);
    }

    /** The recorded content type, or the one the provider sends for this kind of body where none was recorded. */
    private static String contentType(Fixture fixture) {
        String recorded = fixture.get("content_type");
        if (recorded != null) {
            return recorded;
        }
        String file = fixture.file();
        return file.endsWith(".sse") ? "text/event-stream" : file.endsWith(".bin")
                ? "application/vnd.amazon.eventstream" : file.endsWith(".ndjson") ? "application/x-ndjson"
                : "application/json";
    }

    private static Map<String, String> headers(Fixture fixture) {
        Map<String, String> headers = new HashMap<>();
        put(headers, "x-amzn-bedrock-input-token-count", fixture.get("header_input_tokens"));
        put(headers, "x-amzn-bedrock-output-token-count", fixture.get("header_output_tokens"));
        put(headers, "x-amzn-bedrock-cache-read-input-token-count", fixture.get("header_cache_read_tokens"));
        put(headers, "x-amzn-bedrock-cache-write-input-token-count", fixture.get("header_cache_write_tokens"));
        return headers;
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
        }
    }

    private static void assertCounts(Fixture fixture, ResponseFacts facts) {
        Long input = fixture.number("ledger_input_tokens");
        Long output = fixture.number("ledger_output_tokens");
        Long headerInput = fixture.number("header_input_tokens");
        if (input == null && headerInput != null) {
            // Bedrock families that report usage only in the X-Amzn-Bedrock-*-Token-Count headers (the index's
            // ledger columns cover bodies): what AWS bills is in the headers.
            input = headerInput + orZero(fixture.number("header_cache_read_tokens"))
                    + orZero(fixture.number("header_cache_write_tokens"));
            output = fixture.number("header_output_tokens");
        }
        Long reasoning = fixture.number("expected_reasoning_tokens");
        if (input == null && output == null && reasoning == null) {
            assertEquals(UsageStatus.MISSING, facts.status(), "no usage in " + fixture);
            assertNull(facts.usage());
            return;
        }
        assertEquals(UsageStatus.REPORTED, facts.status(), fixture + ": " + facts.note());
        Usage usage = facts.usage();
        assertNotNull(usage);
        assertEquals(orZero(input), usage.inputTokens(), "input tokens");
        // One row (Gemini thinking cut off by max tokens) has thoughts but a blank ledger output: thoughts are
        // output, so its output is its reasoning.
        assertEquals(output != null ? output : orZero(reasoning), usage.outputTokens(), "output tokens");
        assertEquals(orZero(fixture.number("expected_cache_read_tokens")), usage.cacheReadTokens(), "cache reads");
        assertEquals(orZero(fixture.number("expected_cache_write_tokens")), usage.cacheWriteTokens(), "cache writes");
        assertEquals(orZero(reasoning), usage.reasoningTokens(), "reasoning");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
