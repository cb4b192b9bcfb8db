package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.provider.format.RequestJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestJsonTest {

    @Test
    void keepsSettingsAndSkipsTheConversation() {
        byte[] body = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}").getBytes(StandardCharsets.UTF_8);
        JsonNode settings = RequestJson.settings(body, body.length);
        RequestFacts facts = ApiFormat.OPENAI_CHAT_COMPLETIONS.parser().parseRequest(settings);
        assertEquals("gpt-4o-mini", facts.model());
        assertTrue(facts.streamRequested());
        assertTrue(facts.streamUsageRequested());
        assertFalse(settings.toString().contains("secret prompt"), "no content kept");
    }

    @Test
    void aBodyCutAtTheCaptureLimitStillGivesWhatCameBeforeTheCut() {
        byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"very lo".getBytes();
        assertEquals("gpt-4o", RequestJson.settings(body, body.length).get("model").asText());
    }

    @Test
    void notJsonGivesNothing() {
        byte[] body = "model=gpt-4o".getBytes();
        assertNull(RequestJson.settings(body, body.length));
    }
}
