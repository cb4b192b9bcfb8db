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

    private final EndpointClassifier classifier;
    private final AttributionReader attribution;
    private final CaptureSettings settings;
    private final WeakIdentityMap<Object, Attribution> pendingCallers = new WeakIdentityMap<>();
    /** The caller an SDK's worker thread acts for, between adoptCaller and restoreCaller. */
    private final ThreadLocal<Attribution> adoptedCaller = new ThreadLocal<>();
    private volatile boolean active = true;

    public LlmHttpCaptures(AgentConfig config, AttributionReader attribution, AgentCounters counters,
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
            Attribution caller = callKey == null ? null : pendingCallers.remove(callKey);
            if (caller == null) {
                caller = callerNow(appLoader);
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
            if (active && classifier.classify(method, host, path) != null) {
                rememberCallerFor(callKey, appLoader);
            }
        } catch (Throwable unexpected) {
            AgentLog.debug("could not keep the caller's attribution", unexpected);
        }
    }

    @Override
    public void rememberCallerFor(Object key, ClassLoader appLoader) {
        try {
            if (active && key != null && pendingCallers.size() < MAX_PENDING_CALLERS) {
                pendingCallers.put(key, callerNow(appLoader));
            }
        } catch (Throwable unexpected) {
            AgentLog.debug("could not keep the caller's attribution", unexpected);
        }
    }

    @Override
    public Object adoptCaller(Object key) {
        try {
            Attribution previous = adoptedCaller.get();
            Attribution remembered = key == null ? null : pendingCallers.remove(key);
            if (remembered != null) {
                adoptedCaller.set(remembered);
            }
            return previous;
        } catch (Throwable unexpected) {
            return null;
        }
    }

    @Override
    public void restoreCaller(Object token) {
        try {
            if (token instanceof Attribution previous) {
                adoptedCaller.set(previous);
            } else {
                adoptedCaller.remove();
            }
        } catch (Throwable ignored) {
            // nothing to undo
        }
    }

    /** The attribution of the code running on this thread: an SDK worker's adopted caller, else the MDC. */
    private Attribution callerNow(ClassLoader appLoader) {
        Attribution adopted = adoptedCaller.get();
        return adopted != null ? adopted : attribution.snapshot(appLoader);
    }
}
