package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.provider.format.SseEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseEventTest {

    @Test
    void readsCrlfAndLfEventsWithNamesAndMultiLineData() throws Exception {
        List<SseEvent> events = CapturedBody.of("event: message_start\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
                + ": comment\n\ndata: [DONE]\n\ndata:{\"b\":2}").sseEvents();
        assertEquals(3, events.size());
        assertEquals("message_start", events.get(0).name());
        assertEquals(1, events.get(0).json().get("a").asInt());
        assertTrue(events.get(1).dataEquals("[DONE]"));
        assertFalse(events.get(1).unterminated());
        // The stream ended before the blank line that dispatches the last event: it was cut there.
        assertTrue(events.get(2).unterminated());
        assertEquals(2, events.get(2).json().get("b").asInt());
    }

    @Test
    void aSplitBodyLeavesOutTheEventsCutAtItsEdges() {
        byte[] head = "data: {\"first\":1}\n\ndata: {\"cut".getBytes();
        byte[] tail = "ut\":2}\n\ndata: {\"last\":3}\n\n".getBytes();
        List<SseEvent> events = CapturedBody.split(head, head.length, tail, tail.length, 10_000).sseEvents();
        assertEquals(2, events.size());
        assertTrue(events.get(0).dataEquals("{\"first\":1}"));
        assertTrue(events.get(1).dataEquals("{\"last\":3}"));
    }
}
