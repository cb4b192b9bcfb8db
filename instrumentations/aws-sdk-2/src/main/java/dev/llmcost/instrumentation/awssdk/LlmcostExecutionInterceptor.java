package dev.llmcost.instrumentation.awssdk;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The interceptor the agent adds to every AWS SDK 2.x client (a helper: loaded next to the application's SDK).
 * One SDK execution is one captured call: it starts on the calling thread once the request is marshalled (so
 * attribution is the caller's, sync or async), each attempt's response replaces the previous one (a throttled
 * attempt the SDK retried is not billed), and the body is teed as the SDK reads it — an {@code InputStream}
 * for sync clients, a {@code Publisher} for async ones and for event streams.
 *
 * <p>Every method returns what the SDK passed in, unchanged, whatever happens here.
 */
public final class LlmcostExecutionInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<LlmExchange> EXCHANGE = new ExecutionAttribute<>("llmcost.exchange");
    private static final ExecutionAttribute<Boolean> RESPONDED = new ExecutionAttribute<>("llmcost.responded");

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        try {
            LlmExchange exchange = LlmcostBridge.http().begin(request.method().name(), request.host(),
                    request.encodedPath(), request.encodedQueryParameters().orElse(null), null,
                    ExecutionInterceptor.class.getClassLoader());
            if (exchange != null) {
                attributes.putAttribute(EXCHANGE, exchange);
            }
        } catch (Throwable ignored) {
            // never disturb the call
        }
        return request;
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        LlmExchange exchange = attributes.getAttribute(EXCHANGE);
        if (exchange == null) {
            return;
        }
        try {
            SdkHttpResponse response = context.httpResponse();
            exchange.response(response.statusCode(), response.firstMatchingHeader("Content-Type").orElse(null),
                    name -> response.firstMatchingHeader(name).orElse(null));
            attributes.putAttribute(RESPONDED, Boolean.TRUE);
        } catch (Throwable ignored) {
            // never disturb the call
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        LlmExchange exchange = attributes.getAttribute(EXCHANGE);
        if (exchange == null || body.isEmpty()) {
            return body;
        }
        try {
            return Optional.of(new TeeInputStream(body.get(), exchange));
        } catch (Throwable ignored) {
            return body;
        }
    }

    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
                                                                         ExecutionAttributes attributes) {
        Optional<Publisher<ByteBuffer>> body = context.responsePublisher();
        LlmExchange exchange = attributes.getAttribute(EXCHANGE);
        if (exchange == null || body.isEmpty()) {
            return body;
        }
        try {
            return Optional.of(new TeePublisher(body.get(), exchange));
        } catch (Throwable ignored) {
            return body;
        }
    }

    /**
     * The SDK has unmarshalled the response: a plain body has been read whole. (An event stream is still
     * flowing to the application's handler; it ends when its publisher completes.)
     */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        LlmExchange exchange = attributes.getAttribute(EXCHANGE);
        if (exchange == null) {
            return;
        }
        try {
            String contentType = context.httpResponse().firstMatchingHeader("Content-Type").orElse("");
            if (!contentType.startsWith("application/vnd.amazon.eventstream")) {
                exchange.responseEnd();
            }
        } catch (Throwable ignored) {
            // never disturb the call
        }
    }

    /** An error response (the SDK throws for it) is recorded with its status; no response at all is a failure. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        LlmExchange exchange = attributes.getAttribute(EXCHANGE);
        if (exchange == null) {
            return;
        }
        try {
            if (Boolean.TRUE.equals(attributes.getAttribute(RESPONDED))) {
                exchange.responseEnd();
            } else {
                exchange.failed(context.exception());
            }
        } catch (Throwable ignored) {
            // never disturb the call
        }
    }
}
