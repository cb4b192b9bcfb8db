package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.provider.format.MalformedBodyException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void keepsSettingsAndSkipsTheConversation() {
        byte[] body = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}").getBytes(StandardCharsets.UTF_8);
        JsonNode settings = Json.readPrefix(body, 0, body.length);
        RequestFacts facts = ApiFormat.OPENAI_COMPLETIONS.parser().parseRequest(settings);
        assertEquals("gpt-4o-mini", facts.model());
        assertTrue(facts.streamRequested());
        assertTrue(facts.streamUsageRequested());
        assertFalse(settings.toString().contains("secret prompt"), "no content kept");
    }

    @Test
    void aBodyCutAtTheCaptureLimitStillGivesWhatCameBeforeTheCut() {
        byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"very lo".getBytes();
        assertEquals("gpt-4o", Json.readPrefix(body, 0, body.length).get("model").asText());
    }

    @Test
    void aResponseSkeletonKeepsModelAndUsageAndDropsTheContent() throws Exception {
        byte[] body = ("{\"model\":\"gpt-4o-mini\",\"choices\":[{\"message\":{\"content\":\"the answer\"}}],"
                + "\"usage\":{\"prompt_tokens\":12,\"prompt_tokens_details\":{\"cached_tokens\":0}},"
                + "\"long\":\"" + "x".repeat(600) + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode skeleton = Json.read(body, 0, body.length);
        assertEquals("gpt-4o-mini", skeleton.get("model").asText());
        assertEquals(12, skeleton.get("usage").get("prompt_tokens").asLong());
        assertFalse(skeleton.toString().contains("the answer"));
        // Left empty, not out: a count sent as a long string or an array is refused, not read as absent.
        assertEquals("", skeleton.get("long").asText());
        assertEquals(0, skeleton.get("choices").size());
    }

    @Test
    void aTruncatedResponseIsMalformed() {
        byte[] body = "{\"model\":\"gpt-4o-mini\",\"usage\":{".getBytes(StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertThrows(MalformedBodyException.class,
                () -> Json.read(body, 0, body.length));
    }

    @Test
    void notJsonGivesNothing() {
        byte[] body = "model=gpt-4o".getBytes();
        assertNull(Json.readPrefix(body, 0, body.length));
    }
}
