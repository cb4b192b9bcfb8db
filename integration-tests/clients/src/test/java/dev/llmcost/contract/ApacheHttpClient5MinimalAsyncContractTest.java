package dev.llmcost.contract;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

/**
 * Apache HttpClient 5's minimal async client ({@code HttpAsyncClients.createMinimal}): no exec chain, and the
 * request head is sent from an I/O thread once a connection is leased — the caller's attribution must still be
 * the row's.
 */
class ApacheHttpClient5MinimalAsyncContractTest extends ApacheHttpClient5AsyncContractTest {

    private static final CloseableHttpAsyncClient MINIMAL = HttpAsyncClients.createMinimal(H2Config.DEFAULT,
            Http1Config.DEFAULT,
            IOReactorConfig.custom().setSoTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build(),
            PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setSocketTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
                    .build());

    static {
        MINIMAL.start();
    }

    @AfterAll
    static void closeClient() throws Exception { // hides the parent's: each class closes only its own client
        MINIMAL.close();
    }

    @Override
    protected CloseableHttpAsyncClient asyncClient() {
        return MINIMAL;
    }
}
