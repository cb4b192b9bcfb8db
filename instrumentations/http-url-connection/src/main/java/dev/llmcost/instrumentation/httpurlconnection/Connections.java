package dev.llmcost.instrumentation.httpurlconnection;

import dev.llmcost.agent.extension.WeakIdentityMap;
import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import dev.llmcost.instrumentation.common.RequestBodyCopy;
import dev.llmcost.instrumentation.common.TeeInputStream;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What the advice hands over about each connection, turned into one exchange per LLM call. A connection is begun
 * when the application first asks for its request or response stream; the same tee is returned however often it
 * asks again (the JDK returns one stream per connection, and {@code getResponseCode} asks for it too). An error
 * status shows as {@code getInputStream} failing: the call then waits for the error body, and a
 * {@code disconnect} ends it if the application never reads that.
 */
public final class Connections implements BiFunction<Object, Object, Object> {

    /** One connection's capture. */
    private static final class Capture {
        final LlmExchange exchange;
        RequestBodyCopy request;
        InputStream rawResponse;
        InputStream teeResponse;
        boolean responded;

        Capture(LlmExchange exchange) {
            this.exchange = exchange;
        }
    }

    /** The LLM calls' connections being captured; weak, so an abandoned one goes with its connection. */
    private final WeakIdentityMap<HttpURLConnection, Capture> captures = new WeakIdentityMap<>();
    /** Set while this helper itself asks the connection for its status or headers (which may re-enter). */
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    @Override
    public Object apply(Object connectionObject, Object handedOver) {
        if (inside.get() != null || !(connectionObject instanceof HttpURLConnection connection)) {
            return handedOver;
        }
        inside.set(Boolean.TRUE);
        try {
            if (handedOver instanceof OutputStream request) {
                return request(connection, request);
            }
            if (handedOver instanceof InputStream response) {
                return response(connection, response);
            }
            if (handedOver instanceof Map.Entry<?, ?> error && error.getValue() instanceof InputStream body) {
                return errorBody(connection, body);
            }
            if (handedOver instanceof Throwable failure) {
                failed(connection, failure);
            } else if ("disconnect".equals(handedOver)) {
                disconnected(connection);
            }
            return handedOver;
        } catch (Throwable unexpected) {
            return handedOver;
        } finally {
            inside.remove();
        }
    }

    private Object request(HttpURLConnection connection, OutputStream request) {
        Capture capture = capture(connection, true);
        if (capture == null) {
            return request;
        }
        if (capture.request == null) {
            capture.request = new RequestBodyCopy(request, capture.exchange);
        }
        return capture.request;
    }

    private Object response(HttpURLConnection connection, InputStream raw) throws Exception {
        Capture capture = capture(connection, true);
        if (capture == null) {
            return raw;
        }
        if (capture.rawResponse == raw && capture.teeResponse != null) {
            return capture.teeResponse;
        }
        respond(connection, capture);
        capture.rawResponse = raw;
        capture.teeResponse = new TeeInputStream(raw, capture.exchange);
        return capture.teeResponse;
    }

    private Object errorBody(HttpURLConnection connection, InputStream raw) throws Exception {
        Capture capture = capture(connection, false);
        if (capture == null) {
            return raw;
        }
        if (capture.rawResponse == raw && capture.teeResponse != null) {
            return capture.teeResponse;
        }
        respond(connection, capture);
        capture.rawResponse = raw;
        capture.teeResponse = new TeeInputStream(raw, capture.exchange);
        return capture.teeResponse;
    }

    /**
     * {@code getInputStream} failed: an error status (its body comes from the error stream), or no response at all
     * (a timeout, a refused connection), in which case the status is not asked for: asking would try again.
     */
    private void failed(HttpURLConnection connection, Throwable failure) throws Exception {
        Capture capture = capture(connection, true);
        if (capture == null) {
            return;
        }
        boolean noResponse = failure instanceof java.net.SocketTimeoutException
                || failure instanceof java.net.ConnectException || failure instanceof java.net.UnknownHostException
                || failure instanceof java.net.NoRouteToHostException || failure instanceof javax.net.ssl.SSLException;
        if (!noResponse && connection.getResponseCode() >= 400) {
            respond(connection, capture);
        } else if (!capture.responded) {
            captures.remove(connection);
            capture.exchange.failed(failure);
        }
    }

    private void disconnected(HttpURLConnection connection) {
        Capture capture = captures.remove(connection);
        if (capture != null && capture.responded) {
            // An error body never read, or a body left half-read: the call ends here.
            capture.exchange.responseAbort(null);
        } else if (capture != null) {
            capture.exchange.failed(null);
        }
    }

    private void respond(HttpURLConnection connection, Capture capture) throws Exception {
        if (capture.responded) {
            return;
        }
        capture.responded = true;
        if (capture.request != null) {
            capture.request.handOver();
        }
        capture.exchange.response(connection.getResponseCode(), connection.getContentType(),
                connection::getHeaderField);
    }

    /**
     * The connection's capture, begun now if {@code begin} and it is an LLM call; {@code null} otherwise. A
     * connection is used by one thread at a time, and anything else is classified again, cheaply, on each stream.
     */
    private Capture capture(HttpURLConnection connection, boolean begin) {
        Capture capture = captures.get(connection);
        if (capture != null || !begin) {
            return capture;
        }
        URL url = connection.getURL();
        LlmExchange exchange = LlmcostBridge.http().begin(connection.getRequestMethod(), url.getHost(),
                url.getPath(), url.getQuery(), null, null);
        if (exchange == null) {
            return null;
        }
        capture = new Capture(exchange);
        captures.put(connection, capture);
        return capture;
    }
}
