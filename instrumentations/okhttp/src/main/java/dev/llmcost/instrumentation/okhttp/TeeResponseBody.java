package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.bridge.LlmExchange;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.Okio;

/** The application's response body, read through a {@link TeeSource}. Same type, length and bytes. */
final class TeeResponseBody extends ResponseBody {

    private final ResponseBody application;
    private final LlmExchange exchange;
    private BufferedSource source;

    TeeResponseBody(ResponseBody application, LlmExchange exchange) {
        this.application = application;
        this.exchange = exchange;
    }

    @Override
    public MediaType contentType() {
        return application.contentType();
    }

    @Override
    public long contentLength() {
        return application.contentLength();
    }

    @Override
    public BufferedSource source() {
        if (source == null) {
            source = Okio.buffer(new TeeSource(application.source(), exchange));
        }
        return source;
    }
}
