package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.attribution.Attribution;
import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.CapturedCall;
import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.provider.ApiParser;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.InvalidCountException;
import dev.llmcost.agent.provider.RequestFacts;
import dev.llmcost.agent.provider.ResponseFacts;
import dev.llmcost.agent.provider.Usage;
import dev.llmcost.agent.provider.format.Json;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a finished capture into its queue record, on the agent's thread: this is where bodies are parsed. */
final class CallRecordFactory {

    private final String agentId;
    private final String service;
    private final String environment;
    private final AttributionKeys keys;
    private final AgentCounters counters;

    CallRecordFactory(String agentId, String service, AttributionKeys keys, AgentCounters counters) {
        this(agentId, service, null, keys, counters);
    }

    CallRecordFactory(String agentId, String service, String environment, AttributionKeys keys,
                      AgentCounters counters) {
        this.agentId = agentId;
        this.service = service;
        this.environment = environment;
        this.keys = keys;
        this.counters = counters;
    }

    /** The record, or {@code null} when a tentatively recognised call turns out not to be an LLM API's. */
    CallRecord toRecord(CapturedCall call) {
        Endpoint endpoint = call.endpoint();
        ApiParser parser = endpoint.format().parser();
        RequestFacts request = parser.parseRequest(Json.readPrefix(call.requestBody(), 0, call.requestLength()));
        CapturedResponse response = call.response();
        ResponseFacts facts = responseFacts(call, parser, response, request);
        if (!endpoint.confirmed()) {
            if (!isLlmResponse(facts)) {
                return null;
            }
            counters.captured.increment();
        }
        count(facts.status());
        String requestModel = request.model() != null ? request.model() : endpoint.pathModel();
        Usage usage = facts.usage();
        Attribution who = call.attribution();
        return new CallRecord(
                EventIds.next(call.startEpochMillis()), agentId, service,
                call.startEpochMillis(), call.durationMillis(),
                endpoint.provider(), endpoint.operation(),
                requestModel, facts.model(),
                response.isStream() || request.streamRequested(),
                call.status(), call.serverAddress(),
                facts.status(), facts.note(),
                usage == null ? null : usage.tokenCounts(),
                who.feature(), who.customer(), who.team(), extras(who), facts.serviceTier(),
                environment);
    }

    /**
     * Whether a tentatively recognised call (a generic path off a provider's host) proved to be an LLM API's: a
     * response with usage or a model, or an error in the shape of an LLM API's error body that names its type
     * ({@code rate_limit_exceeded}) — a bare {@code {"error": "…"}}, Ollama's, is every web application's too.
     */
    private static boolean isLlmResponse(ResponseFacts facts) {
        return facts.status() == UsageStatus.ERROR ? facts.errorType() != null && !facts.errorType().equals("error")
                : facts.usage() != null || facts.model() != null;
    }

    private static ResponseFacts responseFacts(CapturedCall call, ApiParser parser, CapturedResponse response,
                                               RequestFacts request) {
        if (call.notCaptured() && call.status() >= 200 && call.status() < 300) {
            return ResponseFacts.without(null, UsageStatus.NOT_CAPTURED,
                    "the agent's capture memory budget was full (llmcost.capture.memory.max.bytes)");
        }
        try {
            if (call.status() < 200 || call.status() >= 300) {
                String type = call.notCaptured() ? null : parser.errorType(response);
                return ResponseFacts.error(type, "HTTP " + call.status() + (type == null ? "" : " " + type)
                        + ": not billed");
            }
            return parser.parseResponse(response, request);
        } catch (InvalidCountException invalid) {
            return ResponseFacts.without(null, UsageStatus.MALFORMED, invalid.getMessage());
        } catch (RuntimeException parserBug) {
            return ResponseFacts.without(null, UsageStatus.MALFORMED,
                    "unreadable response (" + parserBug.getClass().getSimpleName() + ")");
        }
    }

    private void count(UsageStatus status) {
        switch (status) {
            case MISSING -> counters.usageMissing.increment();
            case INCOMPLETE -> counters.usageIncomplete.increment();
            case MALFORMED -> counters.parseFailures.increment();
            case NOT_CAPTURED -> counters.notCaptured.increment();
            case ERROR -> counters.errorResponses.increment();
            case REPORTED -> {
            }
        }
    }

    private Map<String, String> extras(Attribution who) {
        List<String> names = keys.extraKeys();
        if (names.isEmpty() || who.extras().length == 0) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size() && i < who.extras().length; i++) {
            if (who.extras()[i] != null) {
                values.put(names.get(i), who.extras()[i]);
            }
        }
        return values;
    }
}
