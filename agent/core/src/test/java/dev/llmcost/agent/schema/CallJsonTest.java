package dev.llmcost.agent.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A call with a value in every field of the table and a count of every kind of token, each count a different
     * one that still keeps the parts within their wholes: a new field or kind is in it without a change here.
     */
    static CallRecord everyField() {
        return CallField.record(field -> switch (field.type()) {
            case TEXT -> field.name(RecordForm.QUEUE) + "-value";
            case NUMBER -> 200L + field.ordinal(); // a valid HTTP status too
            case BOOLEAN -> true;
            case TIME -> 1_700_000_000_123L;
            case USAGE_STATUS -> UsageStatus.REPORTED;
            case ATTRIBUTES -> Map.of("tenant", "東京", "conversation", "c-1");
            case TOKENS -> everyKind();
        });
    }

    static TokenCounts everyKind() {
        TokenCounts tokens = TokenCounts.none();
        for (TokenKind kind : TokenKind.values()) {
            tokens = tokens.with(kind, count(kind));
        }
        return tokens;
    }

    private static long count(TokenKind kind) {
        TokenKind whole = kind.partOf();
        return whole == null ? 1_000_000L + kind.ordinal() : count(whole) / (whole.parts().size() + 1) - kind.ordinal();
    }

    @Test
    void everyFieldAndEveryKindOfTokenSurvivesTheQueue() throws Exception {
        CallRecord call = everyField();
        assertNull(call.impossibleValue());
        String json = QueueRecordCodec.toJson(call);
        assertEquals(call, QueueRecordCodec.fromJson(json));
        JsonNode written = JSON.readTree(json);
        for (TokenKind kind : TokenKind.values()) {
            assertEquals(count(kind), written.get(kind.wireName()).asLong(), kind.wireName());
        }
        for (CallField field : CallField.values()) {
            if (field.type() != CallField.Type.TOKENS) {
                assertTrue(written.hasNonNull(field.name(RecordForm.QUEUE)), field + " is written: " + json);
            }
        }
    }

    @Test
    void aCallWithoutUsageWritesEveryCountAsNull() throws Exception {
        CallRecord full = everyField();
        CallRecord call = CallField.record(field -> field == CallField.USAGE_STATUS ? UsageStatus.MISSING
                : field == CallField.TOKENS ? null : field.of(full));
        JsonNode written = JSON.readTree(QueueRecordCodec.toJson(call));
        for (TokenKind kind : TokenKind.values()) {
            assertTrue(written.has(kind.wireName()) && written.get(kind.wireName()).isNull(), kind.wireName());
        }
        assertEquals(call, QueueRecordCodec.fromJson(written.toString()));
    }

    @Test
    void aVersionOneRecordWithoutOneHourCacheWritesHadNone() {
        // Exactly what an agent before version 2 wrote for a call that wrote the cache for five minutes only.
        String old = "{\"type\":\"call\",\"v\":1,\"event_id\":\"id-4\",\"agent_id\":\"a\",\"service\":\"svc\","
                + "\"timestamp_ms\":1700000000123,\"duration_ms\":42,\"provider\":\"anthropic\",\"operation\":\"chat\","
                + "\"request_model\":\"claude-sonnet-4-5\",\"response_model\":\"claude-sonnet-4-5-20250929\","
                + "\"streaming\":false,\"http_status\":200,\"server_address\":\"api.anthropic.com\","
                + "\"usage_status\":\"reported\",\"usage_note\":null,\"input_tokens\":1532,\"output_tokens\":33,"
                + "\"cache_read_tokens\":1111,\"cache_write_tokens\":418,\"reasoning_tokens\":0,"
                + "\"feature\":\"search\",\"customer\":null,\"team\":null,\"attributes\":{},\"service_tier\":\"standard\"}";
        CallRecord call = (CallRecord) QueueRecordCodec.fromJson(old);
        assertEquals(0L, call.cacheWrite1hTokens());
        assertEquals(418L, call.cacheWriteTokens());
        assertNull(call.environment());
        assertTrue(QueueRecordCodec.toJson(call).contains("\"cache_write_1h_tokens\":0"));
    }

    @Test
    void oneHourCacheWritesAreAlwaysWritten() {
        CallRecord call = CallField.record(field -> field == CallField.TOKENS ? TokenCounts.of(10, 5)
                : field.of(everyField()));
        assertTrue(QueueRecordCodec.toJson(call).contains("\"cache_write_1h_tokens\":0"));
    }

    @Test
    void partsLargerThanTheirWholeAreRefusedByTheRelation() {
        for (TokenKind part : TokenKind.values()) {
            if (part.partOf() == null) {
                continue;
            }
            TokenCounts tokens = everyKind().with(part, everyKind().get(part.partOf()) + 1);
            CallRecord call = CallField.record(field -> field == CallField.TOKENS ? tokens : field.of(everyField()));
            String reason = call.impossibleValue();
            assertTrue(reason != null && reason.contains(part.wireName())
                    && reason.endsWith("than " + part.partOf().wireName()), part + ": " + reason);
        }
    }

    @Test
    void theLedgerLeavesOutOnlyTheAgentId() {
        for (CallField field : CallField.values()) {
            assertEquals(field != CallField.AGENT_ID, field.isIn(RecordForm.LEDGER), field.toString());
            assertTrue(field.isIn(RecordForm.QUEUE), field.toString());
        }
        assertFalse(CallField.TIMESTAMP.name(RecordForm.QUEUE).equals(CallField.TIMESTAMP.name(RecordForm.LEDGER)));
    }
}
