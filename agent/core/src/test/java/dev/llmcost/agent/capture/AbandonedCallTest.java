package dev.llmcost.agent.capture;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.bridge.LlmExchange;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A call that never completes must not keep its share of the memory budget: over weeks, that would starve capture. */
class AbandonedCallTest {

    @Test
    void anAbandonedCallGivesItsMemoryBackAndIsCounted() throws Exception {
        AgentConfig config = AgentConfig.load("", new Properties(), Map.of());
        MemoryBudget budget = new MemoryBudget(1 << 20);
        AgentCounters counters = new AgentCounters();
        CallSink sink = new CallSink() {
            @Override
            public void callStarting() {
            }

            @Override
            public boolean offer(CapturedCall call) {
                return true;
            }
        };
        LlmHttpCaptures captures = new LlmHttpCaptures(config, new dev.llmcost.agent.attribution.CarriedAttribution(new AttributionReader(AttributionKeys.from(config))),
                counters, budget, sink);
        startAndAbandon(captures);
        assertEquals(true, budget.used() > 0);

        for (int i = 0; i < 100 && budget.used() > 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(0, budget.used(), "the memory came back");
        assertEquals(1, counters.abandoned.sum());
    }

    /** A call whose response the application dropped unread: no end, no abort, just gone. */
    private static void startAndAbandon(LlmHttpCaptures captures) {
        LlmExchange exchange = captures.begin("POST", "api.openai.com", "/v1/chat/completions", null, null, null);
        exchange.requestBody(new byte[100], 0, 100);
        exchange.response(200, "application/json", header -> null);
        exchange.responseBytes(new byte[1000], 0, 1000);
    }
}
