package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.CallField;
import dev.llmcost.agent.schema.RecordForm;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.PricedCall;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A value in every field of the table, a different count of every kind of token (parts within wholes). */
    private static CallRecord everyField() {
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

    private static TokenCounts everyKind() {
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

    private static PricedCall priced(CallRecord call) {
        return new PricedCall(call, new BigDecimal("0.0000015"), "openai/gpt-4o-mini@2024-07-18", null);
    }

    @Test
    void everyFieldAndEveryKindOfTokenSurvivesTheLedger() throws Exception {
        CallRecord call = everyField();
        JsonNode row = JSON.readTree(LedgerJson.line(priced(call)));
        CallRecord withoutAgent = CallField.record(field -> field == CallField.AGENT_ID ? null : field.of(call));
        assertEquals(withoutAgent, LedgerJson.call(row));
        assertEquals("2023-11-14T22:13:20.123Z", row.get("timestamp").asText());
        assertEquals("0.0000015", row.get("cost_usd").decimalValue().toPlainString());
    }

    @Test
    void theLedgerAndTheQueueAgreeOnEverySharedField() throws Exception {
        CallRecord call = everyField();
        JsonNode queue = JSON.readTree(QueueRecordCodec.toJson(call));
        JsonNode ledger = JSON.readTree(LedgerJson.line(priced(call)));
        // What the table says may differ: the fields one form leaves out or names apart.
        Set<String> queueOnly = new HashSet<>(List.of("type", "v"));
        Set<String> ledgerOnly = new HashSet<>(LedgerJson.PRICE_FIELDS);
        for (CallField field : CallField.values()) {
            String queueName = field.name(RecordForm.QUEUE);
            String ledgerName = field.name(RecordForm.LEDGER);
            if (queueName != null && !queueName.equals(ledgerName)) {
                queueOnly.add(queueName);
                if (ledgerName != null) {
                    ledgerOnly.add(ledgerName);
                }
            }
        }
        for (Iterator<String> names = queue.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(queueOnly.contains(name) || queue.get(name).equals(ledger.get(name)),
                    name + " is in the queue record as " + queue.get(name) + ", in the ledger as " + ledger.get(name));
        }
        for (Iterator<String> names = ledger.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(ledgerOnly.contains(name) || ledger.get(name).equals(queue.get(name)),
                    name + " is in the ledger as " + ledger.get(name) + ", in the queue record as " + queue.get(name));
        }
        assertEquals(queue.get("timestamp_ms").asLong(), LedgerJson.call(ledger).timestampMillis());
    }

    @Test
    void aLedgerRowOfAnOlderCollectorWithoutOneHourCacheWritesHadNone() throws Exception {
        ObjectNode row = (ObjectNode) JSON.readTree(LedgerJson.line(priced(everyField())));
        row.remove(TokenKind.CACHE_WRITE_1H.wireName());
        assertEquals(0L, LedgerJson.call(row).cacheWrite1hTokens());
    }

    @Test
    void aCallWithoutUsageHasNullCountsAndNullOneHourWrites() throws Exception {
        CallRecord full = everyField();
        CallRecord missing = CallField.record(field -> field == CallField.USAGE_STATUS ? UsageStatus.MISSING
                : field == CallField.TOKENS ? null : field.of(full));
        JsonNode row = JSON.readTree(LedgerJson.line(new PricedCall(missing, null, null, "no usage to price")));
        for (TokenKind kind : TokenKind.values()) {
            assertTrue(row.get(kind.wireName()).isNull(), kind.wireName());
        }
        assertEquals(missing, CallField.record(field -> field == CallField.AGENT_ID ? full.agentId()
                : field.of(LedgerJson.call(row))));
    }
}
