package dev.llmcost.agent.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the bytes the agent holds for calls in flight (bodies being captured or waiting to be parsed), so that
 * however many concurrent or huge responses an application streams, the agent's memory stays bounded. Past the
 * cap, new bytes are not kept and the call is reported as not captured.
 */
public final class MemoryBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long capacity) {
        this.capacity = capacity;
    }

    public boolean tryReserve(long bytes) {
        long current;
        do {
            current = used.get();
            if (current + bytes > capacity) {
                return false;
            }
        } while (!used.compareAndSet(current, current + bytes));
        return true;
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }
}
