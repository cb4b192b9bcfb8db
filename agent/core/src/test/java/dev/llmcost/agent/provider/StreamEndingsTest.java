package dev.llmcost.agent.provider;

import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.llmcost.agent.provider.Responses.AWS_EVENT_STREAM;
import static dev.llmcost.agent.provider.Responses.NDJSON;
import static dev.llmcost.agent.provider.Responses.SSE;
import static dev.llmcost.agent.provider.Responses.fixture;
import static dev.llmcost.agent.provider.Responses.fixtureText;
import static dev.llmcost.agent.provider.Responses.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream is reported only when its terminal usage arrived intact. Cut before it, it is incomplete (what was seen
 * said apart, in the note); ended by the provider's error event, it is an error; a corrupt frame is never read.
 * Each case is a real recorded stream, cut or damaged.
 */
class StreamEndingsTest {

    private static final String ANTHROPIC = "anthropic/messages/stream-basic-claude-3-haiku.sse";
    private static final String CONVERSE = "aws_bedrock/converse_stream/meta-llama3-2-1b.bin";
    private static final String INVOKE = "aws_bedrock/invoke_model_with_response_stream/"
            + "anthropic-claude-3-5-sonnet-tool-use.bin";
    private static final String GEMINI = "google_gemini/stream_generate_content/gemini-2.5-flash-sse-thinking.sse";

    @Test
    void anAnthropicStreamCutMidContentIsIncompleteNotItsMessageStartCounts() {
        String stream = fixtureText(ANTHROPIC);
        String cut = stream.substring(0, stream.indexOf("event: message_delta"));
        ResponseFacts facts = parse(ApiFormat.ANTHROPIC_MESSAGES, SSE, cut);
        assertStatus(UsageStatus.INCOMPLETE, facts);
        assertTrue(facts.note().contains("partial counts seen before the end: input 17, output 3"), facts.note());
        // Cut in the middle of an event: the same.
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.ANTHROPIC_MESSAGES, SSE,
                stream.substring(0, stream.indexOf("event: message_delta") + 40)));
    }

    @Test
    void anAnthropicStreamWithoutMessageStopIsIncomplete() {
        String stream = fixtureText(ANTHROPIC);
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.ANTHROPIC_MESSAGES, SSE,
                stream.substring(0, stream.indexOf("event: message_stop"))));
        assertStatus(UsageStatus.REPORTED, parse(ApiFormat.ANTHROPIC_MESSAGES, SSE, stream));
    }

    @Test
    void anAnthropicStreamEndingInAnErrorEventIsAnErrorWithItsTypeOnly() {
        String stream = fixtureText(ANTHROPIC);
        String failed = stream.substring(0, stream.indexOf("event: message_delta")) + "event: error\n"
                + "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded now\"}}\n\n";
        ResponseFacts facts = parse(ApiFormat.ANTHROPIC_MESSAGES, SSE, failed);
        assertStatus(UsageStatus.ERROR, facts);
        assertEquals("overloaded_error", facts.errorType());
        assertFalse(facts.note().contains("Overloaded now"), "never the message: " + facts.note());
    }

    @Test
    void aBedrockStreamWithABadCrcInAMiddleMessageIsMalformed() {
        byte[] stream = fixture(CONVERSE);
        List<Integer> starts = messageStarts(stream);
        byte[] damaged = stream.clone();
        damaged[starts.get(starts.size() / 2) + 14] ^= 0x20;
        ResponseFacts facts = parse(ApiFormat.BEDROCK_CONVERSE, AWS_EVENT_STREAM, damaged, true, Map.of());
        assertStatus(UsageStatus.MALFORMED, facts);
        assertTrue(facts.note().contains("CRC"), facts.note());
    }

    @Test
    void aBedrockStreamCutInAMiddleMessageIsIncomplete() {
        byte[] stream = fixture(INVOKE);
        List<Integer> starts = messageStarts(stream);
        byte[] cut = Arrays.copyOf(stream, starts.get(starts.size() / 2) + 20);
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.BEDROCK_INVOKE, AWS_EVENT_STREAM, cut, true, Map.of()));
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.BEDROCK_CONVERSE, AWS_EVENT_STREAM,
                Arrays.copyOf(fixture(CONVERSE), messageStarts(fixture(CONVERSE)).get(2) + 20), true, Map.of()));
    }

    @Test
    void aBrokenFinalMetricsMessageIsNeverReplacedByTheFamilysOwnCounts() {
        byte[] stream = fixture(INVOKE);
        List<Integer> starts = messageStarts(stream);
        byte[] damaged = stream.clone();
        damaged[stream.length - 10] ^= 0x01;
        ResponseFacts facts = parse(ApiFormat.BEDROCK_INVOKE, AWS_EVENT_STREAM, damaged, true, Map.of());
        assertStatus(UsageStatus.MALFORMED, facts);
        // Without the last message the family's counts (output 130) are partial, never the call's usage.
        byte[] withoutMetrics = Arrays.copyOf(stream, starts.get(starts.size() - 1));
        ResponseFacts cut = parse(ApiFormat.BEDROCK_INVOKE, AWS_EVENT_STREAM, withoutMetrics, true, Map.of());
        assertStatus(UsageStatus.INCOMPLETE, cut);
        assertTrue(cut.note().contains("partial counts seen before the end"), cut.note());
    }

    @Test
    void aGeminiStreamCutBeforeItsFinishReasonIsIncomplete() {
        String stream = fixtureText(GEMINI);
        int last = stream.lastIndexOf("data: ");
        ResponseFacts facts = parse(ApiFormat.GEMINI_GENERATE_CONTENT, SSE, stream.substring(0, last));
        assertStatus(UsageStatus.INCOMPLETE, facts);
        assertTrue(facts.note().contains("partial counts"), facts.note());
        assertStatus(UsageStatus.REPORTED, parse(ApiFormat.GEMINI_GENERATE_CONTENT, SSE, stream));
    }

    @Test
    void anOllamaStreamWithoutItsDoneLineIsIncomplete() {
        String stream = fixtureText("ollama/chat/stream-llama3.ndjson");
        String withoutDone = stream.substring(0, stream.lastIndexOf("{\"model\""));
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OLLAMA, NDJSON, withoutDone));
        // The done line itself cut short.
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OLLAMA, NDJSON, stream.substring(0,
                stream.length() - 20)));
    }

    @Test
    void openAiStreams() {
        String withUsage = fixtureText("openai/chat_completions/stream-include-usage-gpt-4.sse");
        String withoutDone = withUsage.substring(0, withUsage.indexOf("data: [DONE]"));
        assertStatus(UsageStatus.REPORTED, parse(ApiFormat.OPENAI_COMPLETIONS, SSE, withoutDone));
        String noUsage = fixtureText("openai/chat_completions/stream-without-usage.sse");
        assertStatus(UsageStatus.MISSING, parse(ApiFormat.OPENAI_COMPLETIONS, SSE, noUsage));
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OPENAI_COMPLETIONS, SSE,
                noUsage.substring(0, noUsage.indexOf("data: [DONE]"))));
        // A server repeating running totals on every chunk, cut before [DONE]: the last total is partial.
        String running = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":1}}\n\n";
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OPENAI_COMPLETIONS, SSE, running),
                "one running total, then cut");
        running += "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":2}}\n\n";
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OPENAI_COMPLETIONS, SSE, running));
        assertEquals(new Usage(10, 2, 0, 0, 0), parse(ApiFormat.OPENAI_COMPLETIONS, SSE,
                running + "data: [DONE]\n\n").usage());
        // The chunk that ends the content carries the billed usage.
        assertEquals(new Usage(10, 3, 0, 0, 0), parse(ApiFormat.OPENAI_COMPLETIONS, SSE, running + "data: {\"choices\":"
                + "[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3}}"
                + "\n\n").usage());
        ResponseFacts failed = parse(ApiFormat.OPENAI_COMPLETIONS, SSE, "data: {\"choices\":[]}\n\n"
                + "data: {\"error\":{\"message\":\"server had an error\",\"type\":\"server_error\"}}\n\n");
        assertStatus(UsageStatus.ERROR, failed);
        assertEquals("server_error", failed.errorType());
    }

    @Test
    void responsesAndCohereStreamsCutBeforeTheirTerminalEvent() {
        String responses = fixtureText("openai/responses/stream-basic.sse");
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.OPENAI_RESPONSES, SSE,
                responses.substring(0, responses.indexOf("event: response.completed"))));
        ResponseFacts failed = parse(ApiFormat.OPENAI_RESPONSES, SSE, "event: error\ndata: {\"type\":\"error\","
                + "\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}\n\n");
        assertStatus(UsageStatus.ERROR, failed);
        assertEquals("rate_limit_exceeded", failed.errorType());
        String cohere = fixtureText("cohere/v2_chat/stream-command.sse");
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.COHERE_V2, SSE,
                cohere.substring(0, cohere.indexOf("\"type\":\"message-end\"") - 12)));
    }

    @Test
    void aGeminiStreamIsBilledByItsLastChunksOwnUsage() {
        String finishedWithoutUsage = "data: {\"candidates\":[{\"content\":{}}],\"usageMetadata\":"
                + "{\"promptTokenCount\":7,\"candidatesTokenCount\":1}}\r\n\r\n"
                + "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\n\r\n";
        assertStatus(UsageStatus.MISSING, parse(ApiFormat.GEMINI_GENERATE_CONTENT, SSE, finishedWithoutUsage));
        // Two candidates finish apart: the stream ends when both have.
        String first = "data: {\"candidates\":[{\"index\":0},{\"index\":1}],\"usageMetadata\":"
                + "{\"promptTokenCount\":7,\"candidatesTokenCount\":2}}\n\n"
                + "data: {\"candidates\":[{\"index\":0,\"finishReason\":\"STOP\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":7,\"candidatesTokenCount\":3}}\n\n";
        assertStatus(UsageStatus.INCOMPLETE, parse(ApiFormat.GEMINI_GENERATE_CONTENT, SSE, first));
        assertEquals(new Usage(7, 5, 0, 0, 0), parse(ApiFormat.GEMINI_GENERATE_CONTENT, SSE, first
                + "data: {\"candidates\":[{\"index\":1,\"finishReason\":\"STOP\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":7,\"candidatesTokenCount\":5}}\n\n").usage());
    }

    @Test
    void aResponsesErrorEventKeepsTheTypeOfItsErrorObject() {
        ResponseFacts failed = parse(ApiFormat.OPENAI_RESPONSES, SSE, "event: error\ndata: {\"type\":\"error\","
                + "\"error\":{\"type\":\"server_error\",\"code\":\"rate_limit_exceeded\",\"message\":\"m\"}}\n\n");
        assertEquals("rate_limit_exceeded", failed.errorType());
    }

    @Test
    void anApplicationThatStopsReadingBeforeTheUsageGivesIncomplete() {
        byte[] stream = fixture(ANTHROPIC);
        ResponseFacts facts = parse(ApiFormat.ANTHROPIC_MESSAGES, SSE, Arrays.copyOf(stream, stream.length / 2),
                false, Map.of());
        assertStatus(UsageStatus.INCOMPLETE, facts);
    }

    private static void assertStatus(UsageStatus expected, ResponseFacts facts) {
        assertStatus(expected, facts, "");
    }

    private static void assertStatus(UsageStatus expected, ResponseFacts facts, String what) {
        assertEquals(expected, facts.status(), what + " " + facts.note());
        if (expected != UsageStatus.REPORTED) {
            assertNull(facts.usage());
        }
    }

    /** Where each AWS event-stream message starts: its prelude's first four bytes are its length. */
    static List<Integer> messageStarts(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int at = 0; at + 12 <= stream.length; at += ByteBuffer.wrap(stream, at, 4).getInt()) {
            starts.add(at);
        }
        return starts;
    }
}
