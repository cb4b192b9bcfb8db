package dev.llmcost.agent.capture;

import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.provider.format.SseEvent;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyCaptureTest {

    @Test
    void keepsTheWholeBodyUpToTheLimitWithoutMovingTheApplicationsBuffers() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        BodyCapture capture = new BodyCapture(64 * 1024, new Reservation(budget, new AgentCounters()), this);
        ByteBuffer heap = ByteBuffer.wrap("{\"a\":".getBytes(StandardCharsets.UTF_8));
        ByteBuffer readOnly = ByteBuffer.wrap("1,\"b\":".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) '2').put((byte) '}').flip();
        capture.append(heap);
        capture.append(readOnly);
        capture.append(direct);
        assertEquals(0, heap.position());
        assertEquals(0, readOnly.position());
        assertEquals(0, direct.position());
        CapturedBody body = capture.finish();
        assertTrue(body.isWhole());
        assertEquals(2, body.document(java.util.List.of(), false).fields().get("b").asInt());
    }

    @Test
    void pastTheLimitKeepsTheHeadAndTheLastEventsOfAStream() {
        BodyCapture capture = new BodyCapture(4096, new Reservation(new MemoryBudget(1 << 20), new AgentCounters()), this);
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            stream.append("data: {\"n\":").append(i).append("}\n\n");
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < bytes.length; offset += 37) {
            capture.append(bytes, offset, Math.min(37, bytes.length - offset));
        }
        CapturedBody body = capture.finish();
        assertFalse(body.isWhole());
        assertEquals(bytes.length, body.totalLength());
        List<SseEvent> events = body.sseEvents();
        assertTrue(events.get(0).dataEquals("{\"n\":0}"), "first event kept");
        assertTrue(events.get(events.size() - 1).dataEquals("{\"n\":499}"), "last event kept");
        assertTrue(events.size() < 500, "the middle was dropped");
    }

    @Test
    void overTheMemoryBudgetStopsKeepingAndSaysSo() {
        MemoryBudget budget = new MemoryBudget(10_000);
        BodyCapture capture = new BodyCapture(1 << 20, new Reservation(budget, new AgentCounters()), this);
        capture.append(new byte[20_000], 0, 20_000);
        assertTrue(capture.overBudget());
        assertTrue(budget.used() <= 10_000);
    }
}
