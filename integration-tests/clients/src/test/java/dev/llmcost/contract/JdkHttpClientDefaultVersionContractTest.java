package dev.llmcost.contract;

import java.net.http.HttpClient;

/**
 * {@code HttpClient.newHttpClient()} as most applications make it: it prefers HTTP/2, so over cleartext it asks
 * every request to upgrade (h2c) and, as here, carries on in HTTP/1.1 when the server does not.
 */
class JdkHttpClientDefaultVersionContractTest extends JdkHttpClientContractTest {

    @Override
    protected HttpClient newClient() {
        return HttpClient.newHttpClient();
    }
}
