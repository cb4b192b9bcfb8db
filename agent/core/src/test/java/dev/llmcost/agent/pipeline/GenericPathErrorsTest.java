package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.CallSink;
import dev.llmcost.agent.capture.CapturedCall;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.bridge.LlmExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An error on a generic path off a provider's host (a gateway's {@code /v1/embeddings}, a proxy's
 * {@code /v1/responses}) is recorded and counted once its body is an LLM API's error; an application's own endpoint
 * of the same name answering with its own error shape is not an LLM call.
 */
class GenericPathErrorsTest {

    private final AgentCounters counters = new AgentCounters();

    @Test
    void aGatewaysRateLimitOnEmbeddingsIsRecordedWithItsType() {
        CallRecord record = call("gateway.internal", "/v1/embeddings", 429, "{\"error\":{\"message\":\"Rate limit "
                + "reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        assertEquals(UsageStatus.ERROR, record.usageStatus());
        assertEquals("embeddings", record.operation());
        assertEquals("HTTP 429 rate_limit_exceeded: not billed", record.usageNote());
        assertEquals(1, counters.errorResponses.sum());
        assertEquals(1, counters.captured.sum());
    }

    @Test
    void aProxysBadRequestOnResponsesIsRecorded() {
        CallRecord record = call("proxy.internal", "/v1/responses", 400, "{\"error\":{\"message\":\"Invalid input\","
                + "\"type\":\"invalid_request_error\",\"param\":\"input\",\"code\":null}}");
        assertEquals("HTTP 400 invalid_request_error: not billed", record.usageNote());
    }

    /**
     * Ollama's errors name no type, and look like any web application's: recorded where the user named the host
     * ({@code provider.hosts}), not on a host nothing says is Ollama's.
     */
    @Test
    void ollamasErrorIsRecordedOnAHostNamedAsOllamas() {
        String body = "{\"error\":\"model 'nonexistent-model:latest' not found\"}";
        assertNull(call("localhost", "/api/chat", 404, body));
        CallRecord record = call("provider.hosts=gpu-box:ollama", "gpu-box", "/api/chat", 404, body);
        assertEquals("ollama", record.provider());
        assertEquals("HTTP 404 error: not billed", record.usageNote());
    }

    @Test
    void anApplicationsOwnErrorsAreNotLlmCalls() {
        assertNull(call("localhost", "/api/chat", 404, "{\"error\":\"ticket not found\",\"ticket\":7}"));
        assertNull(call("localhost", "/v1/embeddings", 500, "<html><body>Internal error</body></html>"));
        assertNull(call("localhost", "/api/generate", 400, "{\"message\":\"bad form\",\"field\":\"email\"}"));
        assertEquals(0, counters.errorResponses.sum());
        assertEquals(0, counters.captured.sum());
    }

    private CallRecord call(String host, String path, int status, String body) {
        return call("", host, path, status, body);
    }

    private CallRecord call(String agentArguments, String host, String path, int status, String body) {
        AgentConfig config = AgentConfig.load(agentArguments, new Properties(), Map.of());
        List<CapturedCall> finished = new ArrayList<>();
        CallSink sink = new CallSink() {
            @Override
            public void callStarting() {
            }

            @Override
            public boolean offer(CapturedCall call) {
                finished.add(call);
                return true;
            }
        };
        LlmExchange exchange = new LlmHttpCaptures(config, new dev.llmcost.agent.attribution.CarriedAttribution(new AttributionReader(AttributionKeys.from(config))),
                counters, new MemoryBudget(1 << 20), sink).begin("POST", host, path, null, null, null);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.response(status, "application/json", name -> null);
        exchange.responseBytes(bytes, 0, bytes.length);
        exchange.responseEnd();
        return new CallRecordFactory("agent", "service", AttributionKeys.from(config), counters)
                .toRecord(finished.get(0));
    }
}
