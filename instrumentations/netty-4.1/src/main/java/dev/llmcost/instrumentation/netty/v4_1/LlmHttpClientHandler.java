package dev.llmcost.instrumentation.netty.v4_1;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayDeque;

/**
 * Sits right after a channel's {@code HttpClientCodec}, on its event loop. Each request the client writes is offered
 * to the agent (an exchange for an LLM call, a placeholder for anything else, so pipelined responses pair with
 * their requests); each response part is shown to the exchange before it is passed on, unchanged, in the same
 * call — so the application receives every message when it would without the agent. Buffers are read with
 * absolute indexes: their reader index, reference count and contents are never touched.
 *
 * <p>A client that submits its calls from other threads (Reactor Netty) leaves the carrier of the caller's
 * attribution in the channel attribute {@link #CALLER} before it writes the request; it is taken, once, with the
 * request.
 */
final class LlmHttpClientHandler extends ChannelDuplexHandler {

    /** Set by a client instrumentation to the carrier its caller's attribution was captured for. */
    static final AttributeKey<Object> CALLER = AttributeKey.valueOf("llmcost.caller");

    /** The request of a response that is not recorded (not an LLM call, or the agent declined it). */
    private static final Object NOT_RECORDED = new Object();

    private final ArrayDeque<Object> awaitingResponse = new ArrayDeque<>(2);
    /** The exchange whose request body is being written, and the first bytes of that body. */
    private LlmExchange writing;
    private ByteArrayOutputStream requestBody;
    /** The exchange whose response body is being read. */
    private LlmExchange reading;
    private Throwable lastFailure;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        try {
            if (msg instanceof HttpRequest request) {
                requestStarts(ctx.channel(), request);
            }
            if (writing != null) {
                if (msg instanceof ByteBufHolder content) {
                    // HttpContent, or an HTTP/2 data frame (Reactor Netty writes a stream's body as frames)
                    keepRequestBytes(content.content());
                } else if (msg instanceof ByteBuf bytes) {
                    keepRequestBytes(bytes);
                }
                if (msg instanceof LastHttpContent) {
                    handOverRequestBody();
                }
            }
        } catch (Throwable unexpected) {
            writing = null;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        try {
            if (msg instanceof HttpObject object) {
                responsePart(object);
            }
        } catch (Throwable unexpected) {
            LlmExchange broken = reading;
            reading = null;
            if (broken != null) {
                broken.responseAbort(unexpected);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        try {
            lastFailure = cause;
            if (reading != null) {
                LlmExchange broken = reading;
                reading = null;
                broken.responseAbort(cause);
            }
        } catch (Throwable ignored) {
            // the failure goes on to the application as it would
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endAll("the connection closed before the response ended");
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        endAll("the HTTP codec was removed before the response ended");
    }

    private void requestStarts(Channel channel, HttpRequest request) {
        Object caller = channel.hasAttr(CALLER) ? channel.attr(CALLER).getAndSet(null) : null;
        handOverRequestBody();
        HttpHeaders headers = request.headers();
        if (headers.contains("amz-sdk-invocation-id")) {
            // The AWS SDK's own hook records its calls, whatever transport it runs on: one row, not two.
            awaitingResponse.add(NOT_RECORDED);
            return;
        }
        String uri = request.uri();
        String host = null;
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            URI absolute = URI.create(uri);
            host = absolute.getHost();
            uri = absolute.getRawPath() + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        }
        if (host == null) {
            host = hostOf(headers.get("Host"), channel.remoteAddress());
        }
        int query = uri.indexOf('?');
        LlmExchange exchange = LlmcostBridge.http().begin(request.method().name(), host,
                query < 0 ? uri : uri.substring(0, query), query < 0 ? null : uri.substring(query + 1), caller,
                LlmHttpClientHandler.class.getClassLoader());
        awaitingResponse.add(exchange == null ? NOT_RECORDED : exchange);
        if (exchange != null) {
            writing = exchange;
            requestBody = new ByteArrayOutputStream();
        }
    }

    private void keepRequestBytes(ByteBuf bytes) throws IOException {
        int room = writing.requestBodyLimit() - requestBody.size();
        int length = Math.min(room, bytes.readableBytes());
        if (length > 0) {
            bytes.getBytes(bytes.readerIndex(), requestBody, length); // straight into the copy, indexes untouched
        }
    }

    private void handOverRequestBody() {
        if (writing != null) {
            byte[] bytes = requestBody.toByteArray();
            LlmExchange exchange = writing;
            writing = null;
            requestBody = null;
            exchange.requestBody(bytes, 0, bytes.length);
        }
    }

    private void responsePart(HttpObject object) {
        if (object instanceof HttpResponse response) {
            int status = response.status().code();
            if (status >= 100 && status < 200 && status != 101) {
                return; // 100 Continue and the like: the response proper follows
            }
            handOverRequestBody();
            Object request = awaitingResponse.poll();
            reading = request instanceof LlmExchange exchange ? exchange : null;
            if (reading != null) {
                DecoderResult result = response.decoderResult();
                if (result.isFailure()) {
                    LlmExchange failed = reading;
                    reading = null;
                    failed.failed(result.cause());
                    return;
                }
                HttpHeaders headers = response.headers();
                reading.response(status, headers.get("Content-Type"), headers::get);
            }
        }
        if (reading != null && object instanceof HttpContent content) {
            ByteBuf bytes = content.content();
            if (bytes.isReadable()) {
                if (bytes.nioBufferCount() == 1) {
                    reading.responseBytes(bytes.nioBuffer(bytes.readerIndex(), bytes.readableBytes()));
                } else {
                    byte[] copy = new byte[bytes.readableBytes()];
                    bytes.getBytes(bytes.readerIndex(), copy);
                    reading.responseBytes(copy, 0, copy.length);
                }
            }
            if (object instanceof LastHttpContent) {
                LlmExchange ended = reading;
                reading = null;
                DecoderResult result = content.decoderResult();
                if (result.isFailure()) {
                    ended.responseAbort(result.cause()); // e.g. the connection closed mid-chunk
                } else {
                    ended.responseEnd();
                }
            }
        }
    }

    private void endAll(String why) {
        try {
            Throwable cause = lastFailure != null ? lastFailure : new IOException(why);
            if (reading != null) {
                LlmExchange broken = reading;
                reading = null;
                broken.responseAbort(cause);
            }
            for (Object request = awaitingResponse.poll(); request != null; request = awaitingResponse.poll()) {
                if (request instanceof LlmExchange exchange) {
                    exchange.failed(cause);
                }
            }
            writing = null;
            requestBody = null;
        } catch (Throwable ignored) {
            // nothing more to record
        }
    }

    private static String hostOf(String hostHeader, SocketAddress remote) {
        if (hostHeader != null && !hostHeader.isEmpty()) {
            if (hostHeader.startsWith("[")) {
                int end = hostHeader.indexOf(']');
                return end < 0 ? hostHeader : hostHeader.substring(1, end);
            }
            int colon = hostHeader.indexOf(':');
            return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
        }
        return remote instanceof InetSocketAddress address ? address.getHostString() : null;
    }
}
