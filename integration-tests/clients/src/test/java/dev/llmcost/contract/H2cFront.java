package dev.llmcost.contract;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The contract's server spoken to over HTTP/2 (h2c, prior knowledge): a Jetty front that relays each stream to
 * the {@link ContractServer} over HTTP/1.1 and its response back as it arrives — every paced event flushed as its
 * own DATA frame, a reset upstream becoming a reset stream, a stall a stall — so HTTP/2 clients run the same cases.
 */
final class H2cFront implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;
    private final int upstreamPort;

    H2cFront(int upstreamPort) throws Exception {
        this.upstreamPort = upstreamPort;
        connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    relay(request, response);
                    callback.succeeded();
                } catch (Throwable failure) {
                    callback.failed(failure);
                }
                return true;
            }
        });
        server.start();
    }

    /** {@code url} of the contract's server, as served by this front. */
    String url(String url) {
        return url.replace(":" + upstreamPort + "/", ":" + connector.getLocalPort() + "/");
    }

    private void relay(Request request, Response response) throws IOException {
        byte[] body = Content.Source.asInputStream(request).readAllBytes();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            OutputStream out = upstream.getOutputStream();
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            out.write((request.getMethod() + " " + request.getHttpURI().getPathQuery() + " HTTP/1.1\r\nHost: "
                    + "127.0.0.1\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "Content-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(upstream.getInputStream());
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("the contract's server closed without a response");
            }
            response.setStatus(Integer.parseInt(statusLine.split(" ")[1]));
            boolean chunked = false;
            long length = -1;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "content-length" -> {
                        length = Long.parseLong(value);
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, value);
                    }
                    case "connection" -> { }
                    default -> response.getHeaders().add(name, value);
                }
            }
            OutputStream client = Content.Sink.asOutputStream(response);
            if (chunked) {
                for (String size = line(in); size != null && Integer.parseInt(size.trim(), 16) > 0; size = line(in)) {
                    client.write(in.readNBytes(Integer.parseInt(size.trim(), 16)));
                    client.flush();
                    line(in);
                }
            } else {
                byte[] buffer = new byte[8192];
                long left = length < 0 ? Long.MAX_VALUE : length;
                for (int read; left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                    client.write(buffer, 0, read);
                    client.flush();
                    left -= read;
                }
                if (length >= 0 && left > 0) {
                    throw new IOException("upstream body ended early");
                }
            }
            client.close();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
