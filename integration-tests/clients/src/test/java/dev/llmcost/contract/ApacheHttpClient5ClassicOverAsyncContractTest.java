package dev.llmcost.contract;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.compat.ClassicToAsyncAdaptor;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;

/**
 * Apache HttpClient 5.6's classic API over its async client ({@code ClassicToAsyncAdaptor}): the classic calls
 * run through the async client's {@code doExecute}, and the adaptor is none of the classic hook's classes — one
 * row per call, not two.
 */
class ApacheHttpClient5ClassicOverAsyncContractTest extends ApacheHttpClient5ContractTest {

    private static final CloseableHttpAsyncClient ASYNC = HttpAsyncClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
            .disableAutomaticRetries()
            .build();
    private static final CloseableHttpClient ADAPTED;

    static {
        ASYNC.start();
        ADAPTED = new ClassicToAsyncAdaptor(ASYNC, Timeout.ofSeconds(5));
    }

    @AfterAll
    static void closeClient() throws Exception { // hides the parent's: each class closes only its own client
        ADAPTED.close();
        ASYNC.close();
    }

    @Override
    protected CloseableHttpClient classicClient() {
        return ADAPTED;
    }

    /**
     * Closing the response does not stop the async exchange under it: the stream arrives whole, and is billed.
     */
    @Override
    protected boolean readsAbandonedBodiesToTheEnd() {
        return true;
    }

    /**
     * A reset mid-body reaches this application as a TransportException or an InterruptedIOException from run to
     * run, without the agent as well (which the adaptor throws depends on when the reset arrives): it handles
     * both as the IOException they are.
     */
    @Override
    protected Response send(String url, String body) throws Exception {
        try {
            return super.send(url, body);
        } catch (IOException failure) {
            throw new IOException("the call failed", failure);
        }
    }
}
