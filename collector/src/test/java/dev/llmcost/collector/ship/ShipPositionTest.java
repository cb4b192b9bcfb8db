package dev.llmcost.collector.ship;

import dev.llmcost.collector.kafka.Backoff;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShipPositionTest {

    @Test
    void roundTrips() {
        ShipPosition position = ShipPosition.START.advancedTo(0x4e5a00000012L, 17, 1).advancedTo(0x4e5a00000020L, 3, 0);
        assertEquals(new ShipPosition(0x4e5a00000020L, 20, 1), position);
        assertEquals(position, ShipPosition.fromJson(position.toJson("/q")));
        assertEquals(ShipPosition.START, ShipPosition.fromJson(ShipPosition.START.toJson("/q")));
    }

    @Test
    void somethingElseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ShipPosition.fromJson("{\"queue_index\":\"zz\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> ShipPosition.fromJson("nope".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void backoffDoublesToItsCapAndStartsOver() {
        Backoff backoff = new Backoff(3_000);
        assertEquals(500, backoff.nextDelayMillis());
        assertEquals(1_000, backoff.nextDelayMillis());
        assertEquals(2_000, backoff.nextDelayMillis());
        assertEquals(3_000, backoff.nextDelayMillis());
        assertEquals(3_000, backoff.nextDelayMillis());
        backoff.reset();
        assertEquals(500, backoff.nextDelayMillis());
    }
}
