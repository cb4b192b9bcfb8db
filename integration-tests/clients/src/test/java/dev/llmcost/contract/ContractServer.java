package dev.llmcost.contract;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A provider that misbehaves on purpose, written over a plain server socket so that every byte, pause and reset is
 * the test's: WireMock can neither pace server-sent events one by one nor reset a connection mid-body. Each case is
 * served at {@code /<case>/v1/chat/completions}; the bodies are real recorded responses.
 */
final class ContractServer implements ProviderStub {

    static final String JSON = "openai/chat_completions/basic-gpt-4o-mini.json";
    static final String STREAM = "openai/chat_completions/stream-include-usage-wiremock.sse";
    /** The gap between two paced events: long enough that a buffered stream could not hide. */
    static final long EVENT_GAP_MILLIS = 150;

    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "contract-server");
        thread.setDaemon(true);
        return thread;
    });
    /** When each event of the last paced stream was written (System.nanoTime), in order. */
    final List<Long> eventsSentNanos = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    final byte[] json = fixture(JSON);
    final byte[] stream = fixture(STREAM);
    final byte[] large = large(json);

    ContractServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.submit(this::accept);
    }

    @Override
    public List<Long> eventsSentNanos() {
        return eventsSentNanos;
    }

    @Override
    public byte[] received(String scenario) {
        return received.get(scenario);
    }

    @Override
    public String url(String scenario) {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/" + scenario + "/v1/chat/completions";
    }

    @Override
    public String otherUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/api/orders";
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String path = head.split(" ")[1];
            byte[] body = readBody(in, head);
            OutputStream out = client.getOutputStream();
            String scenario = path.startsWith("/api/") ? "other" : path.split("/")[1];
            received.put(scenario, body);
            // body-<kind> and json-<name>: a client's own test of a plain call
            switch (scenario.startsWith("body-") || scenario.startsWith("json-") ? "json" : scenario) {
                case "json", "async" -> respond(out, 200, "application/json", null, json);
                case "gzip" -> respond(out, 200, "application/json", "gzip", gzip(json));
                case "deflate" -> respond(out, 200, "application/json", "deflate", deflate(json));
                case "br" -> respond(out, 200, "application/json", "br", brotli(json));
                case "large" -> respond(out, 200, "application/json", null, large);
                case "malformed" -> respond(out, 200, "application/json", null,
                        "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini\",\"choices\":[{]}".getBytes(StandardCharsets.UTF_8));
                case "no-usage" -> respond(out, 200, "application/json", null, ("{\"id\":\"chatcmpl-2\",\"object\":"
                        + "\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[]}").getBytes(StandardCharsets.UTF_8));
                case "rate-limited" -> respond(out, 429, "application/json", null, ("{\"error\":{\"message\":\"Rate "
                        + "limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                        .getBytes(StandardCharsets.UTF_8));
                case "server-error" -> respond(out, 500, "application/json", null, ("{\"error\":{\"message\":"
                        + "\"The server had an error\",\"type\":\"server_error\"}}").getBytes(StandardCharsets.UTF_8));
                case "stream" -> paced(out, stream, eventsSentNanos);
                // timed apart: an abandoned stream may still be paced (through a front) when the next case runs
                case "stream-abandoned" -> paced(out, stream, new ArrayList<>());
                case "stream-cut" -> chunked(out, "text/event-stream", events(stream, 3));
                case "reset" -> reset(client, out);
                case "stall" -> Thread.sleep(30_000);
                default -> respond(out, 201, "application/json", null, "{\"order\":\"42\"}".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException | InterruptedException ignored) {
            // the client went away, as some cases want
        }
    }

    private static void respond(OutputStream out, int status, String type, String encoding, byte[] body)
            throws IOException {
        out.write(("HTTP/1.1 " + status + " " + (status < 300 ? "OK" : "Error") + "\r\nContent-Type: " + type + "\r\n"
                + (encoding == null ? "" : "Content-Encoding: " + encoding + "\r\n") + "Content-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    /** The stream's events one by one, {@link #EVENT_GAP_MILLIS} apart, each recorded as it is sent. */
    private void paced(OutputStream out, byte[] body, List<Long> sentNanos) throws IOException,
            InterruptedException {
        sentNanos.clear();
        startChunked(out, "text/event-stream");
        for (byte[] event : splitEvents(body)) {
            chunk(out, event);
            sentNanos.add(System.nanoTime());
            Thread.sleep(EVENT_GAP_MILLIS);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void chunked(OutputStream out, String type, byte[] body) throws IOException {
        startChunked(out, type);
        chunk(out, body);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void startChunked(OutputStream out, String type) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Headers and half the body, then a TCP reset. */
    private void reset(Socket client, OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json, 0, json.length / 2);
        out.flush();
        client.setSoLinger(true, 0);
    }

    static List<byte[]> splitEvents(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<byte[]> events = new ArrayList<>();
        for (String event : text.split("(?<=\n\n)")) {
            if (!event.isBlank()) {
                events.add(event.getBytes(StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    /** The first {@code count} events: a stream that ends before its usage. */
    static byte[] events(byte[] body, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        splitEvents(body).stream().limit(count).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0D0A0D0A) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** The request body, fixed-length or chunked. */
    private static byte[] readBody(InputStream in, String head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                body.writeBytes(in.readNBytes(Integer.parseInt(line.substring(15).trim())));
            } else if (line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && line.contains("chunked")) {
                for (String size = readLine(in); size != null && Integer.parseInt(size.trim(), 16) > 0;
                     size = readLine(in)) {
                    int length = Integer.parseInt(size.trim(), 16);
                    body.writeBytes(in.readNBytes(length));
                    in.readNBytes(2);
                }
                readLine(in);
            }
        }
        return body.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    /** A completion over 64 KiB (the contract runs the agent with a 64 KiB capture limit), usage at its end. */
    static byte[] large(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int choices = text.indexOf("\"choices\"");
        String filler = "{\"index\":9,\"message\":{\"role\":\"assistant\",\"content\":\"" + "x".repeat(120_000)
                + "\"},\"finish_reason\":\"stop\"},";
        int array = text.indexOf('[', choices) + 1;
        return (text.substring(0, array) + filler + text.substring(array)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("llmcost.root", "../.."))
                    .resolve("agent/core/src/test/resources/fixtures/providers").resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    /** HTTP's "deflate" is the zlib format. */
    static byte[] deflate(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(body);
        }
        return out.toByteArray();
    }

    static byte[] brotli(byte[] body) throws IOException {
        Brotli4jLoader.ensureAvailability();
        return Encoder.compress(body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
