package dev.llmcost.contract;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

import java.net.URI;

/**
 * Apache HttpClient 5's minimal HTTP/2 client ({@code HttpAsyncClients.createHttp2Minimal}, a
 * {@code MinimalH2AsyncClient}) over h2c, through its own {@link H2cFront}.
 */
class ApacheHttpClient5MinimalH2AsyncContractTest extends ApacheHttpClient5AsyncContractTest {

    private static final CloseableHttpAsyncClient MINIMAL_H2 = HttpAsyncClients.createHttp2Minimal(H2Config.DEFAULT,
            IOReactorConfig.custom().setSoTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build());
    private static H2cFront front;

    static {
        MINIMAL_H2.start();
    }

    @AfterAll
    static void closeClient() throws Exception { // hides the parent's: each class closes only its own client
        MINIMAL_H2.close();
        if (front != null) {
            front.close();
        }
    }

    /** As for the H2 client: the application's own timeout is its wait on the future. */
    @Override
    protected long appTimeoutMillis() {
        return 5_000;
    }

    /**
     * The one HTTP/2 connection of a minimal client can be going away (after the reset and stall cases) when the
     * next request is queued; the client then says the request was never sent, and the application sends it again,
     * as HttpClient's own retry strategy does for such requests. With or without the agent alike.
     */
    @Override
    protected Response send(String url, String body) throws Exception {
        try {
            return super.send(url, body);
        } catch (org.apache.hc.core5.http.RequestNotExecutedException notSent) {
            return super.send(url, body);
        }
    }

    @Override
    protected CloseableHttpAsyncClient asyncClient() {
        return MINIMAL_H2;
    }

    @Override
    protected synchronized String target(String url) {
        try {
            if (front == null) {
                front = new H2cFront(URI.create(url).getPort());
            }
            return front.url(url);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
