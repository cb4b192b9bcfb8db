package dev.llmcost.bridge;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * One captured LLM API exchange, fed by an HTTP client instrumentation as the application's own request and
 * response flow past. Every method copies what it needs and returns at once: nothing here reads ahead,
 * blocks, or changes the buffers it is shown. Implementations never throw.
 *
 * <p>Exactly one of {@link #responseEnd}, {@link #responseAbort} or {@link #failed} completes the exchange;
 * later calls are ignored.
 */
public interface LlmExchange {

    /** Request bodies longer than this are not worth copying (only the model name is read from them). */
    int requestBodyLimit();

    /** The request body, or its first {@link #requestBodyLimit()} bytes. */
    void requestBody(byte[] bytes, int offset, int length);

    /**
     * The response status line and headers ({@code header} looks a header up by name, case-insensitively).
     * Called again when a client retries the request (an SDK hook sees every attempt): the new attempt replaces
     * the earlier one, whose body is forgotten.
     */
    void response(int status, String contentType, Function<String, String> header);

    /** Bytes of the response body as the application reads them; the buffer's position is not changed. */
    void responseBytes(ByteBuffer bytes);

    /** Bytes of the response body as the application reads them. */
    void responseBytes(byte[] bytes, int offset, int length);

    /** The response body ended normally. */
    void responseEnd();

    /** The response body was closed before its end, or reading it failed. {@code cause} may be null. */
    void responseAbort(Throwable cause);

    /** No response arrived (connection failure, timeout). */
    void failed(Throwable cause);
}
