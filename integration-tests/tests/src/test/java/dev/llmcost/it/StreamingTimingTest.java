package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream reaches the application event by event, as the server sends it, with the agent teeing it: nothing is
 * buffered to the end or held back. The server pauses between events; the app notes when each arrives.
 * (A structural check on the gaps, not a timing benchmark: it holds on a loaded machine.)
 */
class StreamingTimingTest {

    @Test
    void eventsArriveAsTheyAreSentAndTheStreamIsStillMeasured(@TempDir Path dir) throws Exception {
        try (PacedEventStream server = new PacedEventStream()) {
            Path queue = dir.resolve("queue");
            Processes.Result app = Processes.run(Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                    Artifacts.sampleApp("sample-app"), List.of("--base-url", server.baseUrl(), "stream-timing",
                            "okhttp-stream-timing")), Duration.ofMinutes(1));
            assertEquals(0, app.exitCode(), app.toString());
            for (String client : List.of("jdk", "okhttp")) {
                List<Long> arrivals = app.lines("EVENT " + client + " ").stream()
                        .map(line -> Long.parseLong(line.split(" ")[2])).toList();
                assertEquals(PacedEventStream.EVENTS + 1, arrivals.size(), client + ": " + app.stdout());
                for (int i = 1; i < PacedEventStream.EVENTS; i++) {
                    long gap = arrivals.get(i) - arrivals.get(i - 1);
                    assertTrue(gap >= PacedEventStream.PAUSE_MILLIS / 2, client + ": event " + i + " arrived " + gap
                            + " ms after the one before it, but the server paused " + PacedEventStream.PAUSE_MILLIS
                            + " ms between them: the stream was held back. " + arrivals);
                }
            }

            Path out = dir.resolve("out");
            assertEquals(0, Processes.collect(queue, out, "--once").exitCode());
            Ledger ledger = new Ledger(out);
            for (String feature : List.of("stream-timing", "okhttp-stream-timing")) {
                var row = ledger.one(feature);
                assertEquals(9, row.get("input_tokens").asLong(), row.toString());
                assertEquals(PacedEventStream.EVENTS, row.get("output_tokens").asLong(), row.toString());
                assertTrue(row.get("duration_ms").asLong() >= (PacedEventStream.EVENTS - 1)
                        * PacedEventStream.PAUSE_MILLIS, "duration covers the whole stream: " + row);
            }
        }
    }
}
