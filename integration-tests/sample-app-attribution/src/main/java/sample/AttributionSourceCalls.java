package sample;

import dev.llmcost.api.LlmCost;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An app that says who a call is for with the llmcost-api ({@code LlmCost.attribute}) or OpenTelemetry Baggage
 * instead of (or as well as) its MDC, and hands calls to a pooled thread.
 */
public final class AttributionSourceCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** One long-lived single-thread pool: the second task runs on the thread that ran the first. */
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor();

    private AttributionSourceCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("api-same-thread", base -> {
            try (var scope = LlmCost.attribute("feature", "api-same-thread").and("customer", "acme")
                    .and("team", "api-team")) {
                call(base, "api-same-thread");
            }
        });
        // Submitted inside the scope, run on the pool's thread after the scope is closed: carried by value.
        scenarios.put("api-hop", base -> {
            java.util.concurrent.Future<?> later;
            try (var scope = LlmCost.attribute("feature", "api-hop").and("customer", "acme").and("team", "api-team")) {
                later = POOL.submit(() -> call(base, "api-hop"));
                scope.and("customer", "changed-after-submit");
            }
            later.get();
            // The pool's thread runs the next task, submitted with nothing in force, unattributed.
            POOL.submit(() -> call(base, "api-no-leak")).get();
        });
        scenarios.put("api-supply-async", base -> {
            try (var scope = LlmCost.attribute("feature", "api-supply-async").and("customer", "acme")
                    .and("team", "api-team")) {
                CompletableFuture.runAsync(() -> call(base, "api-supply-async")).join();
            }
        });
        // Key by key: llmcost-api over the MDC over Baggage.
        scenarios.put("precedence", base -> {
            Baggage baggage = Baggage.builder().put("feature", "from-baggage").put("customer", "from-baggage")
                    .put("team", "baggage-team").build();
            try (Scope otel = baggage.makeCurrent()) {
                MDC.put("feature", "from-mdc");
                MDC.put("customer", "mdc-customer");
                try (var scope = LlmCost.attribute("feature", "precedence")) {
                    call(base, "precedence");
                } finally {
                    MDC.clear();
                }
            }
        });
        scenarios.put("baggage-hop", base -> {
            try (Scope otel = Baggage.current().toBuilder().put("feature", "baggage-hop").put("customer", "globex")
                    .put("team", "otel-team").build().makeCurrent()) {
                POOL.submit(() -> call(base, "baggage-hop")).get();
            }
        });
    }

    private static void call(String base, String scenario) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/json/v1/chat/"
                            + "completions")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Attribution.CHAT_BODY)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Results.print(scenario + " on " + Thread.currentThread().getName().replace(' ', '_'),
                    response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
