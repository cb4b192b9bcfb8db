package dev.llmcost.agent.capture;

import dev.llmcost.agent.attribution.Attribution;
import dev.llmcost.agent.endpoint.Endpoint;
import dev.llmcost.agent.provider.CapturedResponse;
import dev.llmcost.agent.provider.format.CapturedBody;
import dev.llmcost.agent.provider.format.ContentEncodings;
import dev.llmcost.bridge.LlmExchange;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One LLM call in flight. HTTP instrumentations feed it as the application's request and response pass by;
 * when the response body ends it is handed, as it is, to the ring buffer, and everything else (parsing,
 * building the record, writing) happens on the agent's own thread.
 *
 * <p>Every method here runs on an application thread: each copies at most the bytes it is given and returns.
 * Nothing throws.
 */
public final class CapturedCall implements LlmExchange {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CapturedCall.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0;
    private static final int DONE = 1;

    private final CaptureSettings settings;
    private final Endpoint endpoint;
    private final String serverAddress;
    private final Attribution attribution;
    private final long startEpochMillis;
    private final long startNanos;
    private final Reservation reservation;
    private final BodyCapture body;

    private byte[] requestBody;
    private int requestLength;
    private int status;
    private String contentType;
    private Map<String, String> usageHeaders;
    private String contentEncoding;
    private long endNanos;
    private boolean ended;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    CapturedCall(CaptureSettings settings, Endpoint endpoint, String serverAddress, Attribution attribution) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.serverAddress = serverAddress;
        this.attribution = attribution;
        this.startEpochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.reservation = new Reservation(settings.budget(), settings.counters());
        this.body = new BodyCapture(settings.responseBodyLimit(), reservation, this);
    }

    @Override
    public int requestBodyLimit() {
        return settings.requestBodyLimit();
    }

    @Override
    public void requestBody(byte[] bytes, int offset, int length) {
        try {
            int kept = Math.min(length, settings.requestBodyLimit());
            if (kept <= 0 || requestBody != null || !reservation.reserve(this, kept)) {
                return;
            }
            requestBody = new byte[kept];
            System.arraycopy(bytes, offset, requestBody, 0, kept);
            requestLength = kept;
        } catch (Throwable ignored) {
            // an unreadable request body only costs the request model
        }
    }

    @Override
    public void response(int status, String contentType, Function<String, String> header) {
        try {
            if (this.status != 0) {
                // A retried attempt: only the last attempt's response is the call's outcome.
                body.reset();
            }
            this.status = status;
            this.contentType = contentType;
            if (header != null && !endpoint.format().responseHeaders().isEmpty()) {
                usageHeaders = new HashMap<>();
                for (String name : endpoint.format().responseHeaders()) {
                    String value = header.apply(name);
                    if (value != null) {
                        usageHeaders.put(name, value);
                    }
                }
            }
            contentEncoding = header == null ? null : header.apply("Content-Encoding");
            String length = header == null ? null : header.apply("Content-Length");
            if (length != null) {
                body.expect(Long.parseLong(length.trim()));
            }
        } catch (Throwable ignored) {
            // a bad Content-Length only costs a buffer resize
        }
    }

    @Override
    public void responseBytes(ByteBuffer bytes) {
        try {
            if (state == OPEN) {
                body.append(bytes);
            }
        } catch (Throwable ignored) {
            // never disturb the application's read
        }
    }

    @Override
    public void responseBytes(byte[] bytes, int offset, int length) {
        try {
            if (state == OPEN) {
                body.append(bytes, offset, length);
            }
        } catch (Throwable ignored) {
            // never disturb the application's read
        }
    }

    @Override
    public void responseEnd() {
        complete(true);
    }

    @Override
    public void responseAbort(Throwable cause) {
        complete(false);
    }

    @Override
    public void failed(Throwable cause) {
        if (STATE.compareAndSet(this, OPEN, DONE)) {
            if (endpoint.confirmed()) {
                settings.counters().transportErrors.increment();
            }
            releaseMemory();
        }
    }

    private void complete(boolean endedNormally) {
        if (!STATE.compareAndSet(this, OPEN, DONE)) {
            return;
        }
        try {
            endNanos = System.nanoTime();
            ended = endedNormally;
            if (settings.sink().offer(this)) {
                if (endpoint.confirmed()) {
                    // A tentative call is counted once its response proves it an LLM call (CallRecordFactory).
                    settings.counters().captured.increment();
                }
            } else {
                settings.counters().droppedRingFull.increment();
                releaseMemory();
            }
        } catch (Throwable unexpected) {
            releaseMemory();
        }
    }

    /** Called by the agent's thread once the call has been recorded (or dropped). */
    public void releaseMemory() {
        reservation.releaseAll();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public String serverAddress() {
        return serverAddress;
    }

    public Attribution attribution() {
        return attribution;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public long durationMillis() {
        return Math.max(0, (endNanos - startNanos) / 1_000_000);
    }

    /** The request body as kept (possibly cut at the limit), or {@code null}. */
    public byte[] requestBody() {
        return requestBody;
    }

    public int requestLength() {
        return requestLength;
    }

    public int status() {
        return status;
    }

    /** True when the agent ran out of memory budget and did not keep the whole body it needed. */
    public boolean notCaptured() {
        return body.overBudget();
    }

    /** The response as captured, its body decoded for the agent if it was sent encoded (on the agent's thread). */
    public CapturedResponse response() {
        CapturedBody captured = ContentEncodings.decode(body.finish(), contentEncoding, settings.responseBodyLimit());
        return new CapturedResponse(status, contentType, captured, ended, usageHeaders, endpoint.provider());
    }
}
