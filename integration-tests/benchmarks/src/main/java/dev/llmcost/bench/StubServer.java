package dev.llmcost.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A fast local OpenAI stand-in for the overhead harness, in its own JVM so that it does not share the client's
 * CPU budget in the measurement: answers {@code /sdk-json/v1/chat/completions} with a recorded JSON response and
 * {@code /sdk-stream/v1/chat/completions} with a recorded stream. Prints {@code PORT n} when ready.
 */
public final class StubServer {

    private StubServer() {
    }

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args[0]);
        byte[] json = Files.readAllBytes(fixtures.resolve("openai/chat_completions/basic-gpt-4o-mini.json"));
        byte[] stream = Files.readAllBytes(fixtures.resolve("openai/chat_completions/stream-include-usage-wiremock.sse"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/sdk-json/v1/chat/completions", exchange -> answer(exchange, "application/json", json));
        server.createContext("/sdk-stream/v1/chat/completions", exchange -> answer(exchange, "text/event-stream", stream));
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
