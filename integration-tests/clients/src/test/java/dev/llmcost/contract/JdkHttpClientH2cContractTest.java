package dev.llmcost.contract;

import org.junit.jupiter.api.AfterAll;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDK client with {@code Version.HTTP_2} over cleartext: it upgrades its first request (h2c, from HTTP/1.1)
 * and sends every later one as an HTTP/2 stream of that connection. The server upgrades only a request without a
 * body, as Jetty does (so does the JDK client's choice of request matter): the application's first call is a GET.
 * Every case, every body publisher included, then runs as an HTTP/2 stream.
 */
class JdkHttpClientH2cContractTest extends JdkHttpClientContractTest {

    private H2ContractServer h2;

    @Override
    protected ProviderStub stub() throws Exception {
        h2 = new H2ContractServer(false);
        return h2;
    }

    @Override
    protected HttpClient newClient() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> upgraded = client.send(HttpRequest.newBuilder(URI.create(h2.otherUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, upgraded.version(), "the connection was upgraded to h2c");
        h2.notHttp2.clear(); // the upgrade request itself
        return client;
    }

    @AfterAll
    void everyCallWasAnHttp2Stream() {
        assertEquals(List.of(), List.copyOf(h2.notHttp2), "requests that did not arrive over HTTP/2");
    }
}
