package dev.llmcost.agent.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * How the writer waits for calls: it parks, never spins or yields (on a small machine a spinning consumer takes
 * CPU from the application), and producers never signal it (no lock on their side). While calls are flowing it
 * parks briefly, so each wake-up handles a few calls — a short burst of work that does not hold up the
 * application's threads for long; when the ring stays empty the park doubles up to a long one, so an idle
 * application pays almost nothing.
 */
final class BackoffParkWaitStrategy implements WaitStrategy {

    private final long shortestNanos;
    private final long longestNanos;
    /** Only the single writer thread waits, so a plain field is enough. */
    private long parkNanos;

    BackoffParkWaitStrategy(long shortestNanos, long longestNanos) {
        this.shortestNanos = shortestNanos;
        this.longestNanos = longestNanos;
        this.parkNanos = shortestNanos;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available;
        boolean waited = false;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(longestNanos, parkNanos * 2);
            waited = true;
        }
        if (!waited || available > sequence) {
            // Calls were waiting: they are flowing, so look again soon.
            parkNanos = shortestNanos;
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // Producers never signal: the writer finds new calls when it wakes.
    }
}
