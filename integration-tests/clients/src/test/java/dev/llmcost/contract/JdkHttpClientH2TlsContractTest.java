package dev.llmcost.contract;

import org.junit.jupiter.api.AfterAll;

import java.net.http.HttpClient;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JDK client with {@code Version.HTTP_2} over TLS: h2 negotiated with ALPN, every case an HTTP/2 stream. */
class JdkHttpClientH2TlsContractTest extends JdkHttpClientContractTest {

    private H2ContractServer h2;

    @Override
    protected ProviderStub stub() throws Exception {
        h2 = new H2ContractServer(true);
        return h2;
    }

    @Override
    protected HttpClient newClient() throws Exception {
        return H2ContractServer.warmedUp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(H2ContractServer.trustingTheStub()).build(), h2);
    }

    @AfterAll
    void everyCallWasAnHttp2Stream() {
        assertEquals(List.of(), List.copyOf(h2.notHttp2), "requests that did not arrive over HTTP/2");
    }
}
