package dev.llmcost.agent.provider;

import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static dev.llmcost.agent.provider.Responses.JSON;
import static dev.llmcost.agent.provider.Responses.NDJSON;
import static dev.llmcost.agent.provider.Responses.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A count is reported only when the provider sent a JSON integer (or a header of digits) that is not negative and
 * not above the bound; anything else makes the call malformed with a note naming the field — never a clamped,
 * truncated or invented number.
 */
class TokenCountsTest {

    @AfterEach
    void restoreTheBound() {
        TokenCount.setMax(TokenCount.DEFAULT_MAX);
    }

    @ParameterizedTest(name = "prompt_tokens {0}")
    @CsvSource(delimiter = '|', value = {
            "-12                  | prompt_tokens is negative (-12)",
            "12.5                 | prompt_tokens is not an integer (12.5)",
            "7.999999999          | prompt_tokens is not an integer (7.999999999)",
            "1e30                 | prompt_tokens is not an integer (1E+30)",
            "18446744073709551616 | prompt_tokens is out of range (18446744073709551616)",
            "9223372036854775807  | prompt_tokens is 9223372036854775807, above the bound of 1000000000 tokens",
            "\"12\"               | prompt_tokens is a string, not a number",
            "null                 | prompt_tokens is null",
            "true                 | prompt_tokens is not a number",
            "{}                   | prompt_tokens is not a number"})
    void anOpenAiTotalThatIsNotACountMakesTheCallMalformed(String value, String note) {
        ResponseFacts facts = parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"model\":\"gpt-4o-mini\",\"usage\":"
                + "{\"prompt_tokens\":" + value + ",\"completion_tokens\":5,\"total_tokens\":17}}");
        assertMalformed(facts, note);
        assertEquals("gpt-4o-mini", facts.model(), "the model is kept");
    }

    @Test
    void aNullDetailCountIsNoneButANullTotalIsRefused() {
        ResponseFacts details = parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"usage\":{\"prompt_tokens\":12,"
                + "\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":null},"
                + "\"completion_tokens_details\":null}}");
        assertEquals(new Usage(12, 5, 0, 0, 0), details.usage());
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON,
                "{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":null}}"), "completion_tokens is null");
    }

    @Test
    void partsLargerThanTheirTotalAreRefused() {
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"usage\":{\"prompt_tokens\":100,"
                + "\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":101}}}"),
                "cache_read_tokens (101) and cache_write_tokens (0) add up to more than input_tokens (100)");
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"usage\":{\"prompt_tokens\":100,"
                + "\"completion_tokens\":5,\"completion_tokens_details\":{\"reasoning_tokens\":6}}}"),
                "reasoning_tokens (6) are more than output_tokens (5)");
    }

    @Test
    void anthropicInputNullIsNotBilledOnOutputAlone() {
        assertMalformed(parse(ApiFormat.ANTHROPIC_MESSAGES, JSON, "{\"model\":\"claude-sonnet-4-5\",\"usage\":"
                + "{\"input_tokens\":null,\"output_tokens\":40}}"), "input_tokens is null");
    }

    @ParameterizedTest(name = "eval_count {0}")
    @CsvSource(delimiter = '|', value = {"-1 | eval_count is negative (-1)", "null | eval_count is null",
            "\"12\" | eval_count is a string, not a number"})
    void ollamaCountsThatAreNotCounts(String value, String note) {
        assertMalformed(parse(ApiFormat.OLLAMA, JSON, "{\"model\":\"llama3\",\"done\":true,\"prompt_eval_count\":26,"
                + "\"eval_count\":" + value + "}"), note);
        assertMalformed(parse(ApiFormat.OLLAMA, NDJSON, "{\"model\":\"llama3\",\"done\":false}\n"
                + "{\"model\":\"llama3\",\"done\":true,\"prompt_eval_count\":26,\"eval_count\":" + value + "}\n"),
                note);
    }

    @Test
    void bedrockMinimumLongIsNegative() {
        assertMalformed(parse(ApiFormat.BEDROCK_CONVERSE, JSON, "{\"usage\":{\"inputTokens\":10,"
                + "\"outputTokens\":-9223372036854775808}}"), "outputTokens is negative (-9223372036854775808)");
        assertMalformed(parse(ApiFormat.BEDROCK_CONVERSE, JSON, "{\"usage\":{\"inputTokens\":1e30,"
                + "\"outputTokens\":1}}"), "inputTokens is not an integer (1E+30)");
    }

    @ParameterizedTest(name = "header {0}")
    @CsvSource(delimiter = '|', value = {
            "18446744073709551616 | header x-amzn-bedrock-input-token-count is out of range (18446744073709551616)",
            "9223372036854775807  | header x-amzn-bedrock-input-token-count is 9223372036854775807, above the bound",
            "-5                   | header x-amzn-bedrock-input-token-count is negative (-5)",
            "12.5                 | header x-amzn-bedrock-input-token-count is not an integer",
            "many                 | header x-amzn-bedrock-input-token-count is not an integer"})
    void bedrockTokenCountHeadersAreCheckedAndNeverOverflow(String value, String note) {
        ResponseFacts facts = parse(ApiFormat.BEDROCK_INVOKE, JSON, "{}".getBytes(), true, Map.of(
                "x-amzn-bedrock-input-token-count", value, "x-amzn-bedrock-output-token-count", "7",
                "x-amzn-bedrock-cache-read-input-token-count", "9223372036854775807"));
        assertMalformed(facts, note);
    }

    @Test
    void theBoundIsASetting() {
        String body = "{\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":5}}";
        assertEquals(UsageStatus.REPORTED, parse(ApiFormat.OPENAI_COMPLETIONS, JSON, body).status());
        TokenCount.setMax(999);
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON, body),
                "prompt_tokens is 1000, above the bound of 999 tokens (usage.max.tokens)");
    }

    @Test
    void geminiAndVertexCountsAreChecked() {
        assertMalformed(parse(ApiFormat.GEMINI_GENERATE_CONTENT, JSON, "{\"usageMetadata\":{\"promptTokenCount\":5,"
                + "\"candidatesTokenCount\":-3}}"), "candidatesTokenCount is negative (-3)");
        assertMalformed(parse(ApiFormat.VERTEX_PREDICT, JSON, "{\"predictions\":[{\"embeddings\":{\"statistics\":"
                + "{\"token_count\":2.5}}}]}"), "token_count is not an integer (2.5)");
    }

    @Test
    void aNumberBeyondAnyRangeMakesTheBodyMalformedAndNeverThrows() {
        assertEquals(UsageStatus.MALFORMED, parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":1},\"x\":1e9999999999}").status());
        assertEquals(UsageStatus.MALFORMED, parse(ApiFormat.OPENAI_COMPLETIONS, Responses.SSE,
                "data: {\"x\":1e9999999999}\n\ndata: [DONE]\n\n").status());
        assertNull(Documents.errorType(new CapturedResponse(429, JSON, dev.llmcost.agent.provider.format.CapturedBody
                .of("{\"error\":{\"message\":\"m\",\"code\":\"rate_limit_exceeded\",\"retry\":1e9999999999}}"),
                true)));
    }

    @Test
    void chatUsageWithoutItsCompletionTotalIsRefusedButAnEmbeddingsIsNot() {
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"object\":\"chat.completion\",\"usage\":"
                + "{\"prompt_tokens\":9}}"), "completion_tokens is missing");
        assertEquals(new Usage(9, 0, 0, 0, 0), parse(ApiFormat.OPENAI_COMPLETIONS, JSON, "{\"object\":\"list\","
                + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":9}}").usage());
    }

    /** xAI counts reasoning apart from the completion (on its own API and as Vertex AI's xai/ models). */
    @Test
    void grokReasoningIsAddedToItsCompletion() {
        String body = "{\"object\":\"chat.completion\",\"model\":\"grok-4\",\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":1,\"completion_tokens_details\":{\"reasoning_tokens\":300}}}";
        ResponseFacts xai = ApiFormat.OPENAI_COMPLETIONS.parser().parseResponse(new CapturedResponse(200, JSON,
                dev.llmcost.agent.provider.format.CapturedBody.of(body), true, Map.of(), "x_ai"), RequestFacts.UNKNOWN);
        assertEquals(new Usage(9, 301, 0, 0, 300), xai.usage());
        assertMalformed(parse(ApiFormat.OPENAI_COMPLETIONS, JSON, body), "reasoning_tokens (300) are more than");
    }

    private static void assertMalformed(ResponseFacts facts, String note) {
        assertEquals(UsageStatus.MALFORMED, facts.status(), facts.toString());
        assertNull(facts.usage());
        assertTrue(facts.note() != null && facts.note().contains(note), "note: " + facts.note());
    }
}
