package dev.llmcost.contract;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.QueueRecord;
import dev.llmcost.agent.queue.QueueRecordCodec;
import dev.llmcost.collector.read.QueueReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The calls the agent recorded, read from its queue as the collector reads it, while the application (this test
 * JVM) goes on. The agent writes from its own thread, so a record is waited for, never assumed.
 */
final class AgentRecords {

    private static final long STARTED = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();

    private final Path queue = Path.of(System.getProperty("llmcost.contract.queue", "target/contract-queue"));
    private final List<CallRecord> seen = new ArrayList<>();
    private long lastIndex = -1;

    /** The records of calls attributed to {@code feature}, once {@code expected} of them arrived (or time ran out). */
    synchronized List<CallRecord> waitFor(String feature, int expected, long timeoutMillis) throws Exception {
        return waitFor(record -> Objects.equals(feature, record.feature()), expected, timeoutMillis);
    }

    synchronized List<CallRecord> waitFor(java.util.function.Predicate<CallRecord> which, int expected,
                                          long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<CallRecord> found;
        do {
            drain();
            found = seen.stream().filter(which).toList();
            if (found.size() >= expected && expected > 0) {
                return found;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return found;
    }

    private void drain() {
        if (!QueueReader.exists(queue)) {
            return;
        }
        try (QueueReader reader = QueueReader.openAfter(queue, lastIndex)) {
            QueueReader.Document document;
            while ((document = reader.next()) != null) {
                lastIndex = document.index();
                QueueRecord record;
                try {
                    record = QueueRecordCodec.fromJson(document.bytes(), 0, document.bytes().length);
                } catch (IllegalArgumentException refused) {
                    // The collector refuses such a record; one of this JVM's fails the row checks by its absence.
                    continue;
                }
                // Records of earlier runs stay in the queue: only this JVM's calls count.
                if (record instanceof CallRecord call && call.timestampMillis() >= STARTED) {
                    seen.add(call);
                }
            }
        }
    }
}
