package dev.llmcost.agent.capture;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory-budget bytes one call holds. Released when the call is recorded or dropped — or, for a call that
 * never completes (a response the application dropped unread, a request that failed before any response), when
 * the call is garbage collected: otherwise such calls would hold their bytes forever and, over weeks, starve every
 * later capture. The cleaning action holds only this object, never the call.
 */
final class Reservation implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "llmcost-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final MemoryBudget budget;
    private final AgentCounters counters;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean completed;
    private boolean registered;

    Reservation(MemoryBudget budget, AgentCounters counters) {
        this.budget = budget;
        this.counters = counters;
    }

    /** Reserves {@code amount} more bytes for {@code owner}; false when the budget is full. */
    boolean reserve(Object owner, long amount) {
        if (!budget.tryReserve(amount)) {
            return false;
        }
        bytes.addAndGet(amount);
        if (!registered) {
            registered = true;
            CLEANER.register(owner, this);
        }
        return true;
    }

    /** Gives back {@code amount} bytes early (a buffer shrunk). */
    void give(long amount) {
        bytes.addAndGet(-amount);
        budget.release(amount);
    }

    /** The call was recorded or dropped: everything goes back. */
    void releaseAll() {
        completed = true;
        budget.release(bytes.getAndSet(0));
    }

    long bytes() {
        return bytes.get();
    }

    /** Run by the cleaner once the call is unreachable. */
    @Override
    public void run() {
        long held = bytes.getAndSet(0);
        budget.release(held);
        if (!completed) {
            counters.abandoned.increment();
        }
    }
}
