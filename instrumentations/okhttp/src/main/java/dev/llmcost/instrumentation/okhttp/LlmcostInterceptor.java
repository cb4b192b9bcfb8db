package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

import java.io.IOException;

/**
 * The interceptor the agent adds to every OkHttp client (a helper: loaded next to the application's OkHttp).
 * Anything that is not an LLM call passes straight through. For an LLM call, the request body is read when
 * OkHttp allows it to be written twice, and the response body is replaced by a tee that copies what the
 * application reads, as it reads it.
 */
public final class LlmcostInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        LlmExchange exchange = begin(chain, request);
        if (exchange == null) {
            return chain.proceed(request);
        }
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException | Error failure) {
            exchange.failed(failure);
            throw failure;
        }
        return tee(response, exchange);
    }

    private static LlmExchange begin(Chain chain, Request request) {
        try {
            HttpUrl url = request.url();
            LlmExchange exchange = LlmcostBridge.http().begin(request.method(), url.host(), url.encodedPath(),
                    url.encodedQuery(), chain.call(), Interceptor.class.getClassLoader());
            if (exchange != null) {
                copyRequestBody(request.body(), exchange);
            }
            return exchange;
        } catch (Throwable unexpected) {
            return null;
        }
    }

    /** Only bodies OkHttp itself may write again (it does, on retries) and that fit the limit are read. */
    private static void copyRequestBody(RequestBody body, LlmExchange exchange) throws IOException {
        if (body == null || body.isOneShot() || body.isDuplex()) {
            return;
        }
        long length = body.contentLength();
        if (length < 0 || length > exchange.requestBodyLimit()) {
            return;
        }
        Buffer copy = new Buffer();
        body.writeTo(copy);
        byte[] bytes = copy.readByteArray();
        exchange.requestBody(bytes, 0, bytes.length);
    }

    private static Response tee(Response response, LlmExchange exchange) {
        try {
            exchange.response(response.code(), response.header("Content-Type"), response::header);
            ResponseBody body = response.body();
            if (body == null) {
                exchange.responseEnd();
                return response;
            }
            return response.newBuilder().body(new TeeResponseBody(body, exchange)).build();
        } catch (Throwable unexpected) {
            exchange.responseAbort(unexpected);
            return response;
        }
    }
}
