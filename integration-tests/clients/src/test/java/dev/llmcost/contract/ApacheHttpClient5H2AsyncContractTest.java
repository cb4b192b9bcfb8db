package dev.llmcost.contract;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

import java.net.URI;

/**
 * Apache HttpClient 5 async over HTTP/2: the H2 client ({@code HttpAsyncClients.customHttp2()}, h2c with prior
 * knowledge) against the contract's server behind an {@link H2cFront}, the same cases as over HTTP/1.1.
 */
class ApacheHttpClient5H2AsyncContractTest extends ApacheHttpClient5AsyncContractTest {

    private static final CloseableHttpAsyncClient H2 = HttpAsyncClients.customHttp2()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
            .disableAutomaticRetries()
            .build();
    private static H2cFront front;

    static {
        H2.start();
    }

    @AfterAll
    static void closeClient() throws Exception { // hides the parent's: each class closes only its own client
        H2.close();
        if (front != null) {
            front.close();
        }
    }

    /**
     * The request config's response timeout never fires for an HTTP/2 stream here (5.1.3 and 5.6.5: the stalled
     * call waited out the future's 30 s), so the application's own timeout is its wait on the future, after which
     * it cancels the call.
     */
    @Override
    protected long appTimeoutMillis() {
        return 5_000;
    }

    @Override
    protected CloseableHttpAsyncClient asyncClient() {
        return H2;
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
