package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code streamGenerateContent} without {@code alt=sse} streams one JSON array of the same chunks the SSE form
 * sends as events: built here from the recorded SSE stream, it must parse to the same counts.
 */
class GeminiJsonArrayStreamTest {

    private static final String SSE = "google_gemini/stream_generate_content/gemini-2.5-flash-sse-thinking.sse";

    @Test
    void aJsonArrayStreamGivesTheSameUsageAsItsSseForm() {
        String sse = new String(FixtureIndex.all().stream().filter(f -> f.file().equals(SSE)).findFirst()
                .orElseThrow().body(), StandardCharsets.UTF_8);
        List<String> chunks = new ArrayList<>();
        sse.lines().filter(line -> line.startsWith("data:")).forEach(line -> chunks.add(line.substring(5).trim()));
        String array = "[" + String.join(",\r\n", chunks) + "]";

        ResponseFacts facts = ApiFormat.GEMINI_GENERATE_CONTENT.parser().parseResponse(new CapturedResponse(200,
                "application/json; charset=UTF-8", CapturedBody.of(array), true), RequestFacts.UNKNOWN);

        assertEquals(UsageStatus.REPORTED, facts.status(), facts.note());
        assertEquals(new Usage(277, 694, 0, 0, 570), facts.usage());
        assertEquals("gemini-2.5-flash", facts.model());
    }

    @Test
    void anArrayCutShortBeforeItsUsageIsIncompleteNotZero() {
        String cut = "[{\"candidates\":[],\"modelVersion\":\"gemini-2.5-flash\"},{\"candid";
        ResponseFacts facts = ApiFormat.GEMINI_GENERATE_CONTENT.parser().parseResponse(new CapturedResponse(200,
                "application/json", CapturedBody.of(cut), false), RequestFacts.UNKNOWN);
        assertEquals(UsageStatus.INCOMPLETE, facts.status(), facts.note());
    }
}
