package dev.llmcost.contract;

import org.junit.jupiter.api.AfterAll;

import java.net.http.HttpClient;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code RestClient} on {@code JdkClientHttpRequestFactory} with the JDK client as it comes (it prefers HTTP/2)
 * against a provider over TLS: h2 by ALPN, Spring's streamed body sent as HTTP/2 DATA frames.
 */
class SpringRestClientJdkH2TlsContractTest extends SpringRestClientJdkContractTest {

    private H2ContractServer h2;

    @Override
    protected ProviderStub stub() throws Exception {
        h2 = new H2ContractServer(true);
        return h2;
    }

    @Override
    protected HttpClient newClient() throws Exception {
        return H2ContractServer.warmedUp(HttpClient.newBuilder().sslContext(H2ContractServer.trustingTheStub())
                .build(), h2);
    }

    @AfterAll
    void everyCallWasAnHttp2Stream() {
        assertEquals(List.of(), List.copyOf(h2.notHttp2), "requests that did not arrive over HTTP/2");
    }
}
