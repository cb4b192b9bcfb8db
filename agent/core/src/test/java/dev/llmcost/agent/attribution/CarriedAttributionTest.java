package dev.llmcost.agent.attribution;

import dev.llmcost.api.LlmCost;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The carrying rules every hop relies on, through {@code CallerContexts}' own methods. */
class CarriedAttributionTest {

    private final CarriedAttribution carried = new CarriedAttribution(
            new AttributionReader(new AttributionKeys("feature", "customer", "team", List.of())));
    private final ClassLoader app = getClass().getClassLoader();

    private Attribution inForceFor(Object carrier) {
        Object token = carried.attachOnly(carrier);
        try {
            return carried.current(app);
        } finally {
            carried.restore(token);
        }
    }

    @Test
    void aPipelinesOwnValuesWinOverTheSubscribersKeyByKey() {
        Object subscription = new Object();
        try (var scope = LlmCost.attribute("feature", "from-thread").and("team", "growth")) {
            carried.capture(subscription);
            carried.captureWith(subscription, Map.of("feature", "from-context", "customer", "acme")::get);
        }
        Attribution who = inForceFor(subscription);
        assertEquals("from-context", who.feature());
        assertEquals("acme", who.customer());
        assertEquals("growth", who.team());
    }

    @Test
    void valuesAloneAreCapturedFromAThreadWithNone() {
        Object subscription = new Object();
        carried.captureWith(subscription, Map.of("customer", "acme")::get);
        assertEquals("acme", inForceFor(subscription).customer());
        assertNull(inForceFor(subscription).feature());
    }

    @Test
    void aRetriedSubscriptionOnAnotherThreadKeepsItsCallersAttribution() {
        Object subscription = new Object();
        try (var scope = LlmCost.attribute("feature", "search")) {
            carried.capture(subscription);
        }
        // the retry runs on an event loop: no MDC there, the same Context
        carried.captureWith(subscription, Map.of("customer", "acme")::get);
        Attribution who = inForceFor(subscription);
        assertEquals("search", who.feature());
        assertEquals("acme", who.customer());
    }

    @Test
    void aCarrierSubmittedAgainWithoutAttributionForgetsTheEarlierOne() {
        Object recycledTask = new Object();
        try (var scope = LlmCost.attribute("feature", "search")) {
            carried.capture(recycledTask);
        }
        assertEquals("search", inForceFor(recycledTask).feature());
        carried.capture(recycledTask); // submitted again, by a thread with nothing set
        assertNull(inForceFor(recycledTask).feature());
    }
}
