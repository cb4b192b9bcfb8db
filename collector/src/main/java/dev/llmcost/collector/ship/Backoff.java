package dev.llmcost.collector.ship;

/** Capped exponential backoff: 0.5 s, 1 s, 2 s … up to the cap, back to the start after a success. */
final class Backoff {

    private static final long FIRST_MILLIS = 500;

    private final long capMillis;
    private long nextMillis = FIRST_MILLIS;

    Backoff(long capMillis) {
        this.capMillis = Math.max(FIRST_MILLIS, capMillis);
    }

    /** How long to wait before the next attempt; each call doubles the following one up to the cap. */
    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(capMillis, nextMillis * 2);
        return delay;
    }

    void reset() {
        nextMillis = FIRST_MILLIS;
    }
}
