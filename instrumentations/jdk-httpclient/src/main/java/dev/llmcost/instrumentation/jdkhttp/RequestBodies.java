package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.bridge.LlmExchange;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Reads a request body without side effects, when the call starts. A body publisher may be one-shot (an
 * {@code InputStream}), so it is never subscribed to; the bytes of the in-memory publishers behind
 * {@code BodyPublishers.ofString} and {@code ofByteArray} are read straight from their fields. Every other body
 * is copied as the client sends it ({@link RequestBodyTaps}).
 */
final class RequestBodies {

    private static final Class<?> BYTE_ARRAY_PUBLISHER;
    private static final VarHandle CONTENT;
    private static final VarHandle OFFSET;
    private static final VarHandle LENGTH;

    static {
        Class<?> type = null;
        VarHandle content = null;
        VarHandle offset = null;
        VarHandle length = null;
        try {
            type = Class.forName("jdk.internal.net.http.RequestPublishers$ByteArrayPublisher");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            content = lookup.findVarHandle(type, "content", byte[].class);
            offset = lookup.findVarHandle(type, "offset", int.class);
            length = lookup.findVarHandle(type, "length", int.class);
        } catch (Throwable unavailable) {
            type = null;
        }
        BYTE_ARRAY_PUBLISHER = type;
        CONTENT = content;
        OFFSET = offset;
        LENGTH = length;
    }

    private RequestBodies() {
    }

    /** Whether the body was read (an in-memory publisher). */
    static boolean copy(HttpRequest request, LlmExchange exchange) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (BYTE_ARRAY_PUBLISHER == null || publisher.isEmpty() || !BYTE_ARRAY_PUBLISHER.isInstance(publisher.get())) {
            return false;
        }
        Object body = publisher.get();
        byte[] content = (byte[]) CONTENT.get(body);
        int offset = (int) OFFSET.get(body);
        int length = (int) LENGTH.get(body);
        exchange.requestBody(content, offset, Math.min(length, exchange.requestBodyLimit()));
        return true;
    }
}
