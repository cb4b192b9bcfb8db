package dev.llmcost.agent.capture;

import dev.llmcost.agent.attribution.Attribution;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.endpoint.EndpointClassifier;
import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.util.WeakIdentityMap;
import dev.llmcost.bridge.HttpCaptures;
import dev.llmcost.bridge.LlmExchange;

/**
 * The agent's side of {@link HttpCaptures}: recognises LLM calls, snapshots their attribution on the right
 * thread, and opens a {@link CapturedCall} for each.
 */
public final class LlmHttpCaptures implements HttpCaptures {

    /** Async calls waiting to start; past this many (calls submitted and never run), new ones are not kept. */
    private static final int MAX_PENDING_CALLERS = 10_000;

    private final EndpointClassifier classifier = new EndpointClassifier();
    private final AttributionReader attribution;
    private final CaptureSettings settings;
    private final WeakIdentityMap<Object, Attribution> pendingCallers = new WeakIdentityMap<>();
    private volatile boolean active = true;

    public LlmHttpCaptures(AgentConfig config, AttributionReader attribution, AgentCounters counters,
                           MemoryBudget budget, CallSink sink) {
        this.attribution = attribution;
        this.settings = new CaptureSettings(config.requestBodyLimit(), config.responseBodyLimit(), budget,
                counters, sink);
    }

    /** Stops capturing new calls (the queue is gone): no more work on application threads for nothing. */
    public void deactivate() {
        active = false;
    }

    @Override
    public LlmExchange begin(String method, String host, String path, String query, Object callKey,
                             ClassLoader appLoader) {
        try {
            if (!active) {
                return null;
            }
            Endpoint endpoint = classifier.classify(method, host, path);
            if (endpoint == null) {
                return null;
            }
            settings.sink().callStarting();
            Attribution caller = callKey == null ? null : pendingCallers.remove(callKey);
            if (caller == null) {
                caller = attribution.snapshot(appLoader);
            }
            return new CapturedCall(settings, endpoint, host, caller);
        } catch (Throwable unexpected) {
            AgentLog.debug("capture failed to start", unexpected);
            return null;
        }
    }

    @Override
    public void rememberCaller(Object callKey, String method, String host, String path, ClassLoader appLoader) {
        try {
            if (active && callKey != null && classifier.classify(method, host, path) != null
                    && pendingCallers.size() < MAX_PENDING_CALLERS) {
                pendingCallers.put(callKey, attribution.snapshot(appLoader));
            }
        } catch (Throwable unexpected) {
            AgentLog.debug("could not keep the caller's attribution", unexpected);
        }
    }
}
