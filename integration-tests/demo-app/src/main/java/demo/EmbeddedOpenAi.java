package demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the OpenAI chat completions API, so the demo needs no key and no network. It answers in
 * OpenAI's own format — JSON, or server-sent events with the usage in the final chunk — with token counts that
 * grow with the prompt, a cache hit on repeated system prompts, and reasoning tokens for reasoning models.
 */
final class EmbeddedOpenAi implements AutoCloseable {

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpServer server;

    EmbeddedOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "embedded-openai");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void chat(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher model = MODEL.matcher(request);
        String requested = model.find() ? model.group(1) : "gpt-4o-mini";
        String served = switch (requested) {
            case "gpt-4o-mini" -> "gpt-4o-mini-2024-07-18";
            case "gpt-4o" -> "gpt-4o-2024-08-06";
            case "gpt-5-mini" -> "gpt-5-mini-2025-08-07";
            default -> requested;
        };
        long prompt = 40 + request.length() / 4;
        long cached = request.contains("You are Acme's support assistant") ? (prompt / 1024) * 1024 : 0;
        long reasoning = served.startsWith("gpt-5") ? 64 + prompt / 3 : 0;
        long completion = 20 + request.length() % 97 + reasoning;
        String usage = "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached
                + "},\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}}";
        if (request.contains("\"stream\":true")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String word : new String[] {"Sure", ", here", " you", " go."}) {
                    out.write(("data: {\"object\":\"chat.completion.chunk\",\"model\":\"" + served + "\",\"choices\":"
                            + "[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"}}],\"usage\":null}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                String last = request.contains("include_usage\":true") ? ",\"usage\":" + usage : "";
                out.write(("data: {\"object\":\"chat.completion.chunk\",\"model\":\"" + served
                        + "\",\"choices\":[]" + last + "}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] body = ("{\"id\":\"chatcmpl-demo\",\"object\":\"chat.completion\",\"model\":\"" + served + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
