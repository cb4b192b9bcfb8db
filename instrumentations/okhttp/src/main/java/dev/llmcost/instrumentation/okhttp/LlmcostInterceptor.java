package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.bridge.LlmExchange;
import dev.llmcost.bridge.LlmcostBridge;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;

/**
 * The interceptor the agent adds to every OkHttp client (a helper: loaded next to the application's OkHttp).
 * Anything that is not an LLM call passes straight through. For an LLM call, request and response bodies
 * are replaced by tees: the request's bytes are copied as OkHttp sends them, the response's as the application
 * reads them.
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
            response = chain.proceed(teeRequestBody(request, exchange));
        } catch (IOException | RuntimeException | Error failure) {
            exchange.failed(failure);
            throw failure;
        }
        return tee(response, exchange);
    }

    private static LlmExchange begin(Chain chain, Request request) {
        try {
            HttpUrl url = request.url();
            return LlmcostBridge.http().begin(request.method(), url.host(), url.encodedPath(),
                    url.encodedQuery(), chain.call(), Interceptor.class.getClassLoader());
        } catch (Throwable unexpected) {
            return null;
        }
    }

    /** The request with its body teed to the capture as OkHttp sends it; unchanged if that cannot be done. */
    private static Request teeRequestBody(Request request, LlmExchange exchange) {
        try {
            RequestBody body = request.body();
            return body == null ? request
                    : request.newBuilder().method(request.method(), new TeeRequestBody(body, exchange)).build();
        } catch (Throwable unexpected) {
            return request;
        }
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
