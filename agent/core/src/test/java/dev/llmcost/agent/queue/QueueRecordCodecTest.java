package dev.llmcost.agent.queue;

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
                null, null, null, null, null, null, "résumé", "Müller GmbH", null, Map.of("tenant", "東京"));
        assertEquals(call, QueueRecordCodec.fromJson(QueueRecordCodec.toJson(call)));
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
