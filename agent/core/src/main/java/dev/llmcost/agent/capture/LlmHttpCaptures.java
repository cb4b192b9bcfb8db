package dev.llmcost.agent.capture;

import dev.llmcost.agent.attribution.CarriedAttribution;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.endpoint.EndpointClassifier;
import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.bridge.HttpCaptures;
import dev.llmcost.bridge.LlmExchange;

/**
 * The agent's side of {@link HttpCaptures}: recognises LLM calls, takes their attribution from what is in force
 * on the right thread ({@link CarriedAttribution}), and opens a {@link CapturedCall} for each.
 */
public final class LlmHttpCaptures implements HttpCaptures {

    private final EndpointClassifier classifier;
    private final CarriedAttribution attribution;
    private final CaptureSettings settings;
    private volatile boolean active = true;

    public LlmHttpCaptures(AgentConfig config, CarriedAttribution attribution, AgentCounters counters,
                           MemoryBudget budget, CallSink sink) {
        this.attribution = attribution;
        this.classifier = new EndpointClassifier(config.providerHosts());
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
            if (endpoint.confirmed()) {
                // Starts the queue off the critical path; a tentative call (an app's own /api/chat) waits until its
                // response proves it an LLM call, so an app that makes none never creates queue files.
                settings.sink().callStarting();
            }
            return new CapturedCall(settings, endpoint, host, attribution.capturedOrCurrent(callKey, appLoader));
        } catch (Throwable unexpected) {
            AgentLog.debug("capture failed to start", unexpected);
            return null;
        }
    }

    @Override
    public void rememberCaller(Object callKey, String method, String host, String path, ClassLoader appLoader) {
        try {
            if (active && classifier.classify(method, host, path) != null) {
                attribution.capture(callKey);
            }
        } catch (Throwable unexpected) {
            AgentLog.debug("could not keep the caller's attribution", unexpected);
        }
    }
}
