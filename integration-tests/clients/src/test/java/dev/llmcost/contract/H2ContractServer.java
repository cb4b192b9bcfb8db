package dev.llmcost.contract;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cases of {@link ContractServer}, the same bytes and pacing, served over HTTP/2 by Jetty 12: h2c (a client
 * upgrades from HTTP/1.1; Jetty, like most servers, upgrades only a request without a body, so a client warms its
 * connection with one) or h2 over TLS, negotiated with ALPN. A reset mid-body is the stream's (RST_STREAM after
 * half the body), as HTTP/2 resets a call without closing the connection the other calls share.
 *
 * <p>Every request that did not arrive over HTTP/2 is noted: the tests check there is none, so a silent fallback
 * to HTTP/1.1 cannot pass for HTTP/2.
 */
final class H2ContractServer implements ProviderStub {

    static final String KEYSTORE = "/contract-tls.p12";
    static final char[] PASSWORD = "contract".toCharArray();

    private final Server jetty = new Server();
    private final ServerConnector connector;
    private final boolean tls;
    private final List<Long> eventsSentNanos = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    final List<String> notHttp2 = Collections.synchronizedList(new ArrayList<>());
    private final byte[] json = ContractServer.fixture(ContractServer.JSON);
    private final byte[] stream = ContractServer.fixture(ContractServer.STREAM);
    private final byte[] large = ContractServer.large(json);

    H2ContractServer(boolean tls) throws Exception {
        this.tls = tls;
        // Jetty logs through the test's logback, whose default is DEBUG: keep its own story out of the output.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        if (tls) {
            config.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore());
            ssl.setKeyStorePassword(new String(PASSWORD));
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(config), new HttpConnectionFactory(config));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(config),
                    new HTTP2CServerConnectionFactory(config));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(120_000);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        jetty.start();
    }

    static KeyStore keyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = H2ContractServer.class.getResourceAsStream(KEYSTORE)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** The application's TLS setup for the test: it trusts the stub's self-signed certificate (test only). */
    static SSLContext trustingTheStub() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /**
     * Opens {@code client}'s HTTP/2 connection with a call that is no LLM call, as a running application's pool
     * is open: the first case then does not pay for the TLS handshake and the JVM's first use of the HTTP/2 and
     * TLS code (on this shared machine that first call alone came close to the cases' 1.5 s timeout, more so with
     * the agent, which instruments the client's classes as they load).
     */
    static java.net.http.HttpClient warmedUp(java.net.http.HttpClient client, H2ContractServer server)
            throws Exception {
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.otherUrl())).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.version() != java.net.http.HttpClient.Version.HTTP_2) {
            throw new IllegalStateException("not HTTP/2: " + response.version());
        }
        server.notHttp2.clear();
        return client;
    }

    private String base() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public String url(String scenario) {
        return base() + "/" + scenario + "/v1/chat/completions";
    }

    @Override
    public String otherUrl() {
        return base() + "/api/orders";
    }

    @Override
    public List<Long> eventsSentNanos() {
        return eventsSentNanos;
    }

    @Override
    public byte[] received(String scenario) {
        return received.get(scenario);
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String scenario = path.startsWith("/api/") ? "other" : path.split("/")[1];
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
            notHttp2.add(request.getMethod() + " " + path + " " + request.getConnectionMetaData().getHttpVersion());
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            received.put(scenario, in.readAllBytes());
        }
        switch (scenario.startsWith("body-") ? "json" : scenario) {
            case "json", "async" -> respond(response, callback, 200, "application/json", null, json);
            case "gzip" -> respond(response, callback, 200, "application/json", "gzip", ContractServer.gzip(json));
            case "deflate" -> respond(response, callback, 200, "application/json", "deflate",
                    ContractServer.deflate(json));
            case "br" -> respond(response, callback, 200, "application/json", "br", ContractServer.brotli(json));
            case "large" -> respond(response, callback, 200, "application/json", null, large);
            case "malformed" -> respond(response, callback, 200, "application/json", null,
                    "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini\",\"choices\":[{]}".getBytes(StandardCharsets.UTF_8));
            case "no-usage" -> respond(response, callback, 200, "application/json", null, ("{\"id\":\"chatcmpl-2\","
                    + "\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[]}")
                    .getBytes(StandardCharsets.UTF_8));
            case "rate-limited" -> respond(response, callback, 429, "application/json", null, ("{\"error\":"
                    + "{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            case "server-error" -> respond(response, callback, 500, "application/json", null, ("{\"error\":"
                    + "{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            case "stream" -> paced(response, callback, eventsSentNanos);
            // timed apart: an abandoned stream may still be paced when the next case runs
            case "stream-abandoned" -> paced(response, callback, new ArrayList<>());
            case "stream-cut" -> respond(response, callback, 200, "text/event-stream", null,
                    ContractServer.events(stream, 3));
            case "reset" -> reset(response, callback);
            case "stall" -> {
                Thread.sleep(30_000);
                callback.succeeded();
            }
            default -> respond(response, callback, 201, "application/json", null,
                    "{\"order\":\"42\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(Response response, Callback callback, int status, String type, String encoding,
                                byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        if (encoding != null) {
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, encoding);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(body);
        }
        callback.succeeded();
    }

    /** The stream's events one by one, {@link ContractServer#EVENT_GAP_MILLIS} apart, each in its DATA frame. */
    private void paced(Response response, Callback callback, List<Long> sentNanos) throws IOException,
            InterruptedException {
        sentNanos.clear();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.flush();
            for (byte[] event : ContractServer.splitEvents(stream)) {
                out.write(event);
                out.flush();
                sentNanos.add(System.nanoTime());
                Thread.sleep(ContractServer.EVENT_GAP_MILLIS);
            }
        } catch (IOException abandoned) {
            // the application closed the stream (stream-abandoned): the client reset it
        }
        callback.succeeded();
    }

    /** Headers and half the body, then the stream is reset. */
    private void reset(Response response, Callback callback) throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        OutputStream out = Content.Sink.asOutputStream(response);
        out.write(json, 0, json.length / 2);
        out.flush();
        callback.failed(new IOException("reset mid-body"));
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
