package dev.llmcost.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A server that sends server-sent events one at a time with a pause between them — what WireMock's dribble
 * (equal byte slices) cannot do — so a test can see when each event reaches the application.
 */
final class PacedEventStream implements AutoCloseable {

    static final int EVENTS = 4;
    static final long PAUSE_MILLIS = 600;

    private final HttpServer server;

    PacedEventStream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/slow-stream/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < EVENTS; i++) {
                    String usage = i == EVENTS - 1
                            ? ",\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + EVENTS + "}" : "";
                    out.write(("data: {\"model\":\"gpt-4o-mini-2024-07-18\",\"n\":" + i + usage + "}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(PAUSE_MILLIS);
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
