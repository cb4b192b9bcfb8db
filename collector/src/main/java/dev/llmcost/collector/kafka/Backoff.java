package dev.llmcost.collector.kafka;

/**
 * Capped exponential backoff between attempts to reach Kafka (ship's 0.5 s, 1 s, 2 s …; a collector's 1 s, 2 s …),
 * up to the cap, back to the start after a success.
 */
public final class Backoff {

    private static final long FIRST_MILLIS = 500;

    private final long firstMillis;
    private final long capMillis;
    private long nextMillis;

    public Backoff(long capMillis) {
        this(FIRST_MILLIS, capMillis);
    }

    public Backoff(long firstMillis, long capMillis) {
        this.firstMillis = firstMillis;
        this.capMillis = Math.max(firstMillis, capMillis);
        this.nextMillis = firstMillis;
    }

    /** How long to wait before the next attempt; each call doubles the following one up to the cap. */
    public long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(capMillis, nextMillis * 2);
        return delay;
    }

    public void reset() {
        nextMillis = firstMillis;
    }
}
