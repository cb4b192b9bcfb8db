package dev.llmcost.collector.ship;

import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.collector.read.QueueReader;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lag ship reports: records after its position, and seconds between the last shipped and the newest. */
class QueueLagTest {

    @BeforeAll
    static void quietChronicle() {
        ChronicleSettings.applyDefaults();
    }

    private static List<Long> append(Path queue, int count, long firstTimestamp) {
        List<Long> indexes = new ArrayList<>();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(queue.toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (int i = 0; i < count; i++) {
                String json = "{\"type\":\"call\",\"agent_id\":\"a\",\"timestamp_ms\":" + (firstTimestamp + i * 1000L)
                        + "}";
                try (var context = appender.writingDocument()) {
                    context.wire().bytes().write(json.getBytes(StandardCharsets.UTF_8));
                }
                indexes.add(appender.lastIndexAppended());
            }
        }
        return indexes;
    }

    @Test
    void recordsAndSecondsBehind(@TempDir Path queue) {
        List<Long> indexes = append(queue, 10, 1_000_000L);
        try (QueueReader reader = QueueReader.openAfter(queue, -1)) {
            assertEquals(10, reader.countAfter(-1));
            assertEquals(7, reader.countAfter(indexes.get(2)));
            assertEquals(0, reader.countAfter(indexes.get(9)));
            assertEquals(indexes.get(9), reader.newest().index());
            assertEquals(indexes.get(4), reader.at(indexes.get(4)).index());

            assertEquals(new QueueLag(10, 9.0), QueueLag.of(reader, -1, RecordFields.NO_TIMESTAMP));
            assertEquals(new QueueLag(7, 7.0), QueueLag.of(reader, indexes.get(2), RecordFields.NO_TIMESTAMP));
            assertEquals(new QueueLag(7, 2.5), QueueLag.of(reader, indexes.get(2), 1_006_500L));
            assertEquals(new QueueLag(0, 0), QueueLag.of(reader, indexes.get(9), 1_009_000L));
            // looking around does not move the reader
            assertEquals(indexes.get(0), reader.next().index());
        }
    }
}
