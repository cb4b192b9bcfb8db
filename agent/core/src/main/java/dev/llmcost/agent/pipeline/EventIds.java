package dev.llmcost.agent.pipeline;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids are UUIDv7 (RFC 9562): unique without coordination between agents, and sortable by time, so a
 * ledger sorted by id is sorted by call start.
 */
final class EventIds {

    private EventIds() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
