package dev.llmcost.agent.queue;

import dev.llmcost.agent.schema.TokenCounts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueRecordCodecTest {

    @Test
    void callRecordsSurviveTheRoundTripIncludingNullsAndNonAscii() {
        CallRecord call = new CallRecord("id-1", "agent", "svc", 1_700_000_000_123L, 42, "openai", "chat",
                "gpt-4o-mini", null, true, 200, "api.openai.com", UsageStatus.MISSING, "no usage",
                null, "résumé", "Müller GmbH", null, Map.of("tenant", "東京"), null, null);
        assertEquals(call, QueueRecordCodec.fromJson(QueueRecordCodec.toJson(call)));
    }

    @Test
    void theEnvironmentSurvivesTheRoundTrip() {
        CallRecord call = new CallRecord("id-2", "agent", "svc", 1_700_000_000_123L, 42, "openai", "chat",
                "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com", UsageStatus.REPORTED, null,
                TokenCounts.of(10, 5), "search", null, null, Map.of(), "default", "staging");
        String json = QueueRecordCodec.toJson(call);
        assertTrue(json.contains("\"environment\":\"staging\""), json);
        assertEquals(call, QueueRecordCodec.fromJson(json));
    }

    @Test
    void aRecordOfAnAgentBeforeEnvironmentsIsReadWithoutOne() {
        // Exactly what an agent without the environment field wrote (and what one writes when there is none).
        String old = "{\"type\":\"call\",\"v\":1,\"event_id\":\"id-3\",\"agent_id\":\"a\",\"service\":\"svc\","
                + "\"timestamp_ms\":1700000000123,\"duration_ms\":42,\"provider\":\"openai\",\"operation\":\"chat\","
                + "\"request_model\":\"gpt-4o-mini\",\"response_model\":null,\"streaming\":false,\"http_status\":200,"
                + "\"server_address\":\"api.openai.com\",\"usage_status\":\"reported\",\"usage_note\":null,"
                + "\"input_tokens\":10,\"output_tokens\":5,\"cache_read_tokens\":0,\"cache_write_tokens\":0,"
                + "\"reasoning_tokens\":0,\"feature\":\"search\",\"customer\":null,\"team\":null,\"attributes\":{}}";
        CallRecord call = (CallRecord) QueueRecordCodec.fromJson(old);
        assertEquals(null, call.environment());
        assertEquals("search", call.feature());
        assertEquals(10L, call.inputTokens());
        assertEquals(0L, call.cacheWrite1hTokens(), "a version 1 record without one-hour cache writes had none");
    }

    @Test
    void countersSurviveTheRoundTrip() {
        CountersRecord counters = new CountersRecord("agent", "svc", 5, 77, Map.of("captured", 3L));
        assertEquals(counters, QueueRecordCodec.fromJson(QueueRecordCodec.toJson(counters)));
    }

    @Test
    void damagedRecordsAreRefusedWithAReason() {
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> QueueRecordCodec.fromJson("{\"type\":\"call\",\"event_id\":\"x\""));
        assertTrue(truncated.getMessage().startsWith("not valid JSON"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> QueueRecordCodec.fromJson("{\"type\":\"gossip\"}"));
        assertTrue(unknown.getMessage().contains("gossip"));
    }
}
