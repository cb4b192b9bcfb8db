package dev.llmcost.agent.capture;

import dev.llmcost.agent.provider.ApiFormat;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-document body longer than {@code capture.response.max.bytes} keeps its head and tail, as streams do, and its
 * usage is read from the tail, where every API puts it. Only when it is not there is the call not captured, with
 * the reason; malformed means the body was malformed.
 */
class LargeBodiesTest {

    private static final int LIMIT = 4 << 20;

    @Test
    void a50MegabyteEmbeddingsBatchIsMeasuredFromItsTail() {
        StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
        Random random = new Random(7);
        for (int i = 0; body.length() < 50_000_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[");
            for (int d = 0; d < 256; d++) {
                body.append(d == 0 ? "" : ",").append(random.nextFloat() - 0.5f);
            }
            body.append("]}");
        }
        body.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":4183211,"
                + "\"total_tokens\":4183211}}");
        ResponseFacts facts = captureAndParse(ApiFormat.OPENAI_COMPLETIONS, body.toString());
        assertEquals(UsageStatus.REPORTED, facts.status(), facts.note());
        assertEquals(new Usage(4183211, 0, 0, 0, 0), facts.usage());
        assertEquals("text-embedding-3-small", facts.model());
    }

    @Test
    void aLongCompletionIsReadFromItsTailEvenWithUsageLookalikesInside() {
        String filler = "x".repeat(LIMIT);
        // A tool call's arguments mention "usage" (escaped, inside a string) and a nested object has its own usage.
        String body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + filler
                + " \\\"usage\\\":{\\\"prompt_tokens\\\":1}\",\"tool_calls\":[{\"function\":{\"arguments\":"
                + "\"{\\\"usage\\\":{\\\"prompt_tokens\\\":2}}\"}}],\"extra\":{\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":3}}}}],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":900000,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":100}},\"service_tier\":\"default\"}";
        ResponseFacts facts = captureAndParse(ApiFormat.OPENAI_COMPLETIONS, body);
        assertEquals(UsageStatus.REPORTED, facts.status(), facts.note());
        assertEquals(new Usage(1200, 900000, 0, 0, 100), facts.usage());
        assertEquals("gpt-4o-mini-2024-07-18", facts.model(), "the model from the head");
        assertEquals("default", facts.serviceTier());
    }

    @Test
    void anthropicGeminiAndOllamaBodiesOverTheLimit() {
        String text = "y".repeat(LIMIT + 100);
        assertEquals(new Usage(30, 7000, 10, 0, 0), captureAndParse(ApiFormat.ANTHROPIC_MESSAGES,
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":20,\"cache_read_input_tokens\":10,\"output_tokens\":7000}}")
                .usage());
        ResponseFacts gemini = captureAndParse(ApiFormat.GEMINI_GENERATE_CONTENT, "{\"candidates\":[{\"content\":"
                + "{\"parts\":[{\"text\":\"" + text + "\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":5,\"candidatesTokenCount\":9000},\"modelVersion\":\"gemini-2.5-flash\"}");
        assertEquals(new Usage(5, 9000, 0, 0, 0), gemini.usage());
        assertEquals("gemini-2.5-flash", gemini.model());
        assertEquals(new Usage(26, 298, 0, 0, 0), captureAndParse(ApiFormat.OLLAMA, "{\"model\":\"llama3\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"done_reason\":\"stop\","
                + "\"done\":true,\"total_duration\":5,\"prompt_eval_count\":26,\"eval_count\":298}").usage());
    }

    @Test
    void aGeminiJsonArrayStreamOverTheLimitIsMeasuredFromItsLastElement() {
        String chunk = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + "z".repeat(100_000) + "\"}]}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":8},\"modelVersion\":\"gemini-2.5-flash\"}";
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            array.append(chunk).append(",\r\n");
        }
        array.append("{\"candidates\":[{\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":8,"
                + "\"candidatesTokenCount\":4000,\"thoughtsTokenCount\":12},\"modelVersion\":\"gemini-2.5-flash\"}]");
        ResponseFacts facts = captureAndParse(ApiFormat.GEMINI_GENERATE_CONTENT, array.toString());
        assertEquals(UsageStatus.REPORTED, facts.status(), facts.note());
        assertEquals(new Usage(8, 4012, 0, 0, 12), facts.usage());
    }

    @Test
    void usageThatCannotBeLocatedIsNotCapturedWithTheReason() {
        String noUsage = "{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"content\":\"" + "w".repeat(LIMIT)
                + "\"}}]}";
        ResponseFacts facts = captureAndParse(ApiFormat.OPENAI_COMPLETIONS, noUsage);
        assertEquals(UsageStatus.NOT_CAPTURED, facts.status());
        assertTrue(facts.note().contains("over the capture limit"), facts.note());
        assertNull(facts.usage());

        StringBuilder predictions = new StringBuilder("{\"predictions\":[");
        for (int i = 0; predictions.length() < LIMIT + 10; i++) {
            predictions.append(i == 0 ? "" : ",").append("{\"embeddings\":{\"statistics\":{\"token_count\":7},"
                    + "\"values\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]}}");
        }
        predictions.append("]}");
        assertEquals(UsageStatus.NOT_CAPTURED, captureAndParse(ApiFormat.VERTEX_PREDICT, predictions.toString())
                .status(), "Vertex counts each prediction apart: no tail holds the sum");
    }

    @Test
    void aDocumentThatStopsShortOrIsGarbageIsMalformed() {
        ResponseFacts cut = captureAndParse(ApiFormat.OPENAI_COMPLETIONS, "{\"model\":\"gpt-4o\",\"usage\":{\"prom");
        assertEquals(UsageStatus.MALFORMED, cut.status(), cut.note());
        assertEquals("the body ends before its JSON does", cut.note());
        ResponseFacts garbage = captureAndParse(ApiFormat.OPENAI_COMPLETIONS, "{\"model\":\"gpt-4o\",]]");
        assertEquals(UsageStatus.MALFORMED, garbage.status(), garbage.note());
        assertFalse(garbage.note().contains("gpt-4o"), "never the body");
    }

    /** Usage only the head holds, next to arrays the capture cut, is not read from the head: not captured. */
    @Test
    void usageInTheHeadOfALargeBodyIsNeverReadFromACutHead() {
        ResponseFacts titan = captureAndParse(ApiFormat.BEDROCK_INVOKE, "{\"inputTextTokenCount\":5,\"results\":"
                + "[{\"tokenCount\":4000,\"outputText\":\"" + "t".repeat(LIMIT) + "\",\"completionReason\":\"FINISH\"}]}");
        assertEquals(UsageStatus.NOT_CAPTURED, titan.status(), titan.note());
    }

    @Test
    void aLargeBodyTheApplicationStoppedReadingIsIncomplete() {
        byte[] bytes = ("{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"content\":\"" + "w".repeat(LIMIT * 2))
                .getBytes(StandardCharsets.UTF_8);
        BodyCapture capture = new BodyCapture(LIMIT, new Reservation(new MemoryBudget(64L << 20),
                new AgentCounters()), new Object());
        capture.append(bytes, 0, bytes.length);
        ResponseFacts facts = ApiFormat.OPENAI_COMPLETIONS.parser().parseResponse(new CapturedResponse(200,
                "application/json", capture.finish(), false), RequestFacts.UNKNOWN);
        assertEquals(UsageStatus.INCOMPLETE, facts.status(), facts.note());
    }

    /** The body through the agent's capture as an application reads it (64 KiB at a time), then parsed. */
    private static ResponseFacts captureAndParse(ApiFormat format, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        BodyCapture capture = new BodyCapture(LIMIT, new Reservation(new MemoryBudget(64L << 20),
                new AgentCounters()), new Object());
        for (int at = 0; at < bytes.length; at += 65536) {
            capture.append(bytes, at, Math.min(65536, bytes.length - at));
        }
        CapturedBody captured = capture.finish();
        assertEquals(bytes.length > LIMIT, !captured.isWhole());
        return format.parser().parseResponse(new CapturedResponse(200, "application/json", captured, true),
                RequestFacts.UNKNOWN);
    }
}
