package dev.llmcost.agent.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.CallSink;
import dev.llmcost.agent.capture.CapturedCall;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.CountersRecord;
import dev.llmcost.agent.queue.QueueRecord;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off from application threads to the agent's writer: an LMAX Disruptor ring of preallocated slots,
 * many producers, one consumer. Producers only ever {@code tryPublishEvent}: when the ring is full the call
 * is dropped and counted, and the application thread moves on. The consumer parses each call, writes its
 * record to the queue, and every few seconds writes the agent's counters.
 */
public final class EventPipeline implements CallSink, AutoCloseable {

    /** What a ring slot asks the writer to do. */
    enum Task { RECORD_CALL, WRITE_COUNTERS, OPEN_QUEUE }

    /** A ring slot: preallocated, reused; holds a finished call or another task for the writer. */
    static final class Slot {
        Task task;
        CapturedCall call;
    }

    private static final EventTranslatorOneArg<Slot, CapturedCall> PUT_CALL = (slot, sequence, call) -> {
        slot.task = Task.RECORD_CALL;
        slot.call = call;
    };
    private static final EventTranslatorOneArg<Slot, Task> PUT_TASK = (slot, sequence, task) -> {
        slot.task = task;
        slot.call = null;
    };

    /** While calls flow the writer looks every millisecond; idle, it backs off to every 10 ms. */
    private static final long WRITER_SHORTEST_PARK_NANOS = 1_000_000L;
    private static final long WRITER_LONGEST_PARK_NANOS = 10_000_000L;

    private final Disruptor<Slot> disruptor;
    private final RingBuffer<Slot> ring;
    private final Writer writer;
    private final Thread ticker;
    private volatile Runnable onQueueUnavailable = () -> { };
    private volatile boolean queueRequested;

    public EventPipeline(AgentConfig config, String agentId, AgentCounters counters, ClassLoader agentLoader) {
        this.writer = new Writer(new QueueWriter(config.queueDirectory(), config.minFreeDiskBytes()),
                new CallRecordFactory(agentId, config.serviceName(), config.environment(),
                        AttributionKeys.from(config), counters),
                counters, agentId, config.serviceName());
        this.disruptor = new Disruptor<>(Slot::new, config.ringSize(), runnable -> {
            Thread thread = new Thread(runnable, "llmcost-queue-writer");
            thread.setDaemon(true);
            thread.setContextClassLoader(agentLoader);
            return thread;
        }, ProducerType.MULTI, new BackoffParkWaitStrategy(WRITER_SHORTEST_PARK_NANOS, WRITER_LONGEST_PARK_NANOS));
        disruptor.handleEventsWith(writer);
        this.ring = disruptor.start();
        this.ticker = new Thread(() -> tickEvery(config.countersIntervalMillis()), "llmcost-counters");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Called when the queue cannot be written, so that capture can stop costing the application anything. */
    public void onQueueUnavailable(Runnable action) {
        this.onQueueUnavailable = action;
    }

    @Override
    public void callStarting() {
        if (!queueRequested) {
            queueRequested = true;
            ring.tryPublishEvent(PUT_TASK, Task.OPEN_QUEUE);
        }
    }

    @Override
    public boolean offer(CapturedCall call) {
        return ring.tryPublishEvent(PUT_CALL, call);
    }

    private void tickEvery(long intervalMillis) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(intervalMillis);
                ring.tryPublishEvent(PUT_TASK, Task.WRITE_COUNTERS);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is in the ring and the final counters, waiting at most {@code timeoutMillis}. */
    @Override
    public void close() {
        close(5_000);
    }

    public void close(long timeoutMillis) {
        ticker.interrupt();
        ring.tryPublishEvent(PUT_TASK, Task.WRITE_COUNTERS);
        try {
            disruptor.shutdown(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            AgentLog.info("shutdown: calls still queued after " + timeoutMillis + " ms were not recorded");
            disruptor.halt();
        }
        writer.close();
    }

    /** The ring's single consumer. Runs on the agent's own thread; never lets an exception escape. */
    private final class Writer implements EventHandler<Slot> {
        private final QueueWriter queue;
        private final CallRecordFactory records;
        private final AgentCounters counters;
        private final String agentId;
        private final String service;
        private Map<String, Long> lastCounters;
        private boolean queueFailed;

        Writer(QueueWriter queue, CallRecordFactory records, AgentCounters counters, String agentId,
               String service) {
            this.queue = queue;
            this.records = records;
            this.counters = counters;
            this.agentId = agentId;
            this.service = service;
            // All zero: nothing to say until something happens (an app with no LLM call never opens the queue).
            this.lastCounters = counters.snapshot();
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            CapturedCall call = slot.call;
            slot.call = null;
            try {
                switch (slot.task) {
                    case RECORD_CALL -> writeCall(call);
                    case WRITE_COUNTERS -> writeCounters();
                    case OPEN_QUEUE -> openQueue();
                }
            } catch (Throwable unexpected) {
                if (slot.task == Task.RECORD_CALL) {
                    counters.queueWriteFailures.increment(); // a call not recorded is counted, whatever the cause
                }
                AgentLog.warnOnce("writer:" + unexpected.getClass().getName(),
                        "a call could not be recorded: " + unexpected);
            } finally {
                if (call != null) {
                    call.releaseMemory();
                }
            }
        }

        private void writeCall(CapturedCall call) {
            CallRecord record = records.toRecord(call);
            if (record != null) {
                write(record);
            }
        }

        private void openQueue() {
            try {
                queue.open();
            } catch (QueueWriter.QueueUnavailableException unavailable) {
                queueUnavailable(unavailable);
            }
        }

        private void writeCounters() {
            Map<String, Long> current = counters.snapshot();
            if (current.equals(lastCounters)) {
                return;
            }
            write(new CountersRecord(agentId, service, System.currentTimeMillis(), ProcessHandle.current().pid(),
                    current));
            lastCounters = current;
        }

        private void write(QueueRecord record) {
            try {
                queue.append(record);
            } catch (QueueWriter.QueueUnavailableException unavailable) {
                counters.queueWriteFailures.increment();
                queueUnavailable(unavailable);
            }
        }

        private void queueUnavailable(QueueWriter.QueueUnavailableException unavailable) {
            AgentLog.warnOnce("queue:" + unavailable.getMessage(), unavailable.getMessage()
                    + "; calls are counted but not recorded until this is fixed");
            if (!queueFailed && unavailable.permanent()) {
                queueFailed = true;
                onQueueUnavailable.run();
            }
        }

        void close() {
            queue.close();
        }
    }
}
