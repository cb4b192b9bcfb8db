package dev.llmcost.collector.ship;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordFieldsTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCallAsTheAgentWritesItGivesItsAgentAndTime() {
        String call = QueueRecordCodec.toJson(new CallRecord("event-1", "agent-7", "svc", 1_795_507_200_123L, 5,
                "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", false, 200, "api.openai.com",
                UsageStatus.REPORTED, null, TokenCounts.of(10, 2), "chat", "acme", null,
                Map.of("agent_id", "not-this-one"), null, null));
        RecordFields fields = RecordFields.of(bytes(call));
        assertEquals("agent-7", fields.agentId());
        assertEquals(1_795_507_200_123L, fields.timestampMillis());
    }

    @Test
    void countersRecordsToo() {
        String counters = QueueRecordCodec.toJson(new CountersRecord("agent-9", "svc", 42L, 7L,
                Map.of("timestamp_ms", 1L)));
        RecordFields fields = RecordFields.of(bytes(counters));
        assertEquals("agent-9", fields.agentId());
        assertEquals(42L, fields.timestampMillis());
    }

    @Test
    void namesInsideNestedObjectsAreNotTheRecordsOwn() {
        RecordFields fields = RecordFields.of(bytes(
                "{\"attributes\":{\"agent_id\":\"inner\",\"timestamp_ms\":1},\"agent_id\":\"outer\",\"timestamp_ms\":2}"));
        assertEquals("outer", fields.agentId());
        assertEquals(2L, fields.timestampMillis());
    }

    @Test
    void damagedJsonHasNoAgentAndIsStillShippable() {
        assertNull(RecordFields.of(bytes("{\"type\":\"call\",\"event_id\":")).agentId());
        assertNull(RecordFields.of(bytes("not json")).agentId());
        assertEquals(RecordFields.NO_TIMESTAMP, RecordFields.of(bytes("")).timestampMillis());
        assertEquals("a", RecordFields.of(bytes("{\"agent_id\":\"a\",\"x\":[1,2")).agentId());
    }
}
