package dev.llmcost.instrumentation.jdkhttp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * Helper behind {@code RequestBodySubscriberInstrumentation}: shows the request body to the call's
 * {@link RequestBodyCopy} as the client itself reads it.
 *
 * <p>Why there: a {@code BodyPublisher} may be one-shot ({@code ofInputStream}, {@code fromPublisher} over a
 * stream, Spring's {@code OutputStreamPublisher}), so subscribing to it a second time is out, and wrapping it
 * would mean replacing the application's {@code HttpRequest}. The client subscribes to the publisher exactly once
 * per sending, with its own subscriber — {@code Http1Request$FixedContentSubscriber} or
 * {@code $StreamSubscriber} over HTTP/1.1 (an h2c upgrade request included), {@code Stream$RequestSubscriber}
 * over HTTP/2 — and every item of every publisher kind passes its {@code onNext(ByteBuffer)}, on whatever thread
 * the publisher emits. The advice there copies the item before the client consumes it; nothing is requested,
 * delayed or changed.
 *
 * <p>The subscriber is tied to its call through the client's own objects: subscriber, its {@code Http1Request}
 * or {@code Stream}, the {@code Exchange}, the {@code MultiExchange}, whose {@code responseHandler} is the handler
 * {@code sendAsync} was given — for an LLM call the {@link TeeBodyHandler}, which holds the copy. Any other
 * request costs these few field reads. If a JDK renames one of them, the fields are not found and request bodies
 * of streaming publishers are not read (the request model is then missing; tokens are unaffected).
 */
public final class RequestBodyTaps implements BiConsumer<Object, Object> {

    private static final String PACKAGE = "jdk.internal.net.http.";

    private static final Class<?> HTTP1_FIXED;
    private static final Class<?> HTTP1_STREAM;
    private static final Class<?> HTTP2_STREAM;
    private static final VarHandle HTTP1_FIXED_REQUEST;
    private static final VarHandle HTTP1_STREAM_REQUEST;
    private static final VarHandle HTTP2_STREAM_STREAM;
    private static final VarHandle HTTP1_REQUEST_EXCHANGE;
    private static final VarHandle EXCHANGE_IMPL_EXCHANGE;
    private static final VarHandle EXCHANGE_MULTI;
    private static final VarHandle MULTI_HANDLER;

    static {
        Class<?> fixed = null;
        Class<?> stream = null;
        Class<?> http2 = null;
        VarHandle[] handles = new VarHandle[7];
        try {
            fixed = Class.forName(PACKAGE + "Http1Request$FixedContentSubscriber");
            stream = Class.forName(PACKAGE + "Http1Request$StreamSubscriber");
            http2 = Class.forName(PACKAGE + "Stream$RequestSubscriber");
            Class<?> http1Request = Class.forName(PACKAGE + "Http1Request");
            Class<?> http1Exchange = Class.forName(PACKAGE + "Http1Exchange");
            Class<?> http2Stream = Class.forName(PACKAGE + "Stream");
            Class<?> exchangeImpl = Class.forName(PACKAGE + "ExchangeImpl");
            Class<?> exchange = Class.forName(PACKAGE + "Exchange");
            Class<?> multi = Class.forName(PACKAGE + "MultiExchange");
            handles[0] = field(fixed, "this$0", http1Request);
            handles[1] = field(stream, "this$0", http1Request);
            handles[2] = field(http2, "this$0", http2Stream);
            handles[3] = field(http1Request, "http1Exchange", http1Exchange);
            handles[4] = field(exchangeImpl, "exchange", exchange);
            handles[5] = field(exchange, "multi", multi);
            handles[6] = field(multi, "responseHandler", java.net.http.HttpResponse.BodyHandler.class);
        } catch (Throwable unavailable) {
            handles = new VarHandle[7];
        }
        boolean found = handles[6] != null;
        HTTP1_FIXED = found ? fixed : null;
        HTTP1_STREAM = found ? stream : null;
        HTTP2_STREAM = found ? http2 : null;
        HTTP1_FIXED_REQUEST = handles[0];
        HTTP1_STREAM_REQUEST = handles[1];
        HTTP2_STREAM_STREAM = handles[2];
        HTTP1_REQUEST_EXCHANGE = handles[3];
        EXCHANGE_IMPL_EXCHANGE = handles[4];
        EXCHANGE_MULTI = handles[5];
        MULTI_HANDLER = handles[6];
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) throws ReflectiveOperationException {
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
    }

    /** {@code item} is a body buffer the client's subscriber was given, or {@code null} when the body completed. */
    @Override
    public void accept(Object subscriber, Object item) {
        try {
            RequestBodyCopy copy = copyOf(subscriber);
            if (copy == null) {
                return;
            }
            if (item instanceof ByteBuffer) {
                copy.keep(subscriber, (ByteBuffer) item);
            } else {
                copy.end(subscriber);
            }
        } catch (Throwable unexpected) {
            // the body is not read; the call goes on untouched
        }
    }

    private static RequestBodyCopy copyOf(Object subscriber) {
        if (MULTI_HANDLER == null || subscriber == null) {
            return null;
        }
        Class<?> type = subscriber.getClass();
        Object exchangeImpl;
        if (type == HTTP2_STREAM) {
            exchangeImpl = HTTP2_STREAM_STREAM.get(subscriber);
        } else if (type == HTTP1_FIXED) {
            exchangeImpl = HTTP1_REQUEST_EXCHANGE.get(HTTP1_FIXED_REQUEST.get(subscriber));
        } else if (type == HTTP1_STREAM) {
            exchangeImpl = HTTP1_REQUEST_EXCHANGE.get(HTTP1_STREAM_REQUEST.get(subscriber));
        } else {
            return null;
        }
        if (exchangeImpl == null) {
            return null;
        }
        Object exchange = EXCHANGE_IMPL_EXCHANGE.get(exchangeImpl);
        Object multi = exchange == null ? null : EXCHANGE_MULTI.get(exchange);
        Object handler = multi == null ? null : MULTI_HANDLER.get(multi);
        return handler instanceof TeeBodyHandler ? ((TeeBodyHandler<?>) handler).requestBody() : null;
    }
}
