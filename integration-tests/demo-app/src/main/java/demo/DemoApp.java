package demo;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.MDC;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A small SaaS backend: support chat (streamed, with a long cached system prompt), document summaries and
 * search reranking, for four customers, owned by two teams. It tags each request the way services do — SLF4J
 * MDC keys {@code feature}, {@code customer}, {@code team} — and calls the chat completions API through OkHttp
 * and the JDK client. It knows nothing of llmcost.
 */
public final class DemoApp {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final List<String> CUSTOMERS = List.of("acme", "globex", "initech", "umbrella");
    private static final String SUPPORT_PROMPT = "You are Acme's support assistant. " + "Policy. ".repeat(600);

    private DemoApp() {
    }

    public static void main(String[] args) throws Exception {
        OkHttpClient okHttp = new OkHttpClient();
        HttpClient jdk = HttpClient.newHttpClient();
        int calls = 0;
        try (EmbeddedOpenAi api = new EmbeddedOpenAi()) {
            for (int round = 0; round < 6; round++) {
                for (int c = 0; c < CUSTOMERS.size(); c++) {
                    String customer = CUSTOMERS.get(c);
                    // Acme and Globex chat a lot; everyone summarises; only some search.
                    int chats = customer.equals("acme") ? 3 : customer.equals("globex") ? 2 : 1;
                    for (int i = 0; i < chats; i++) {
                        tagged("support-chat", customer, "growth");
                        streamChat(okHttp, api.baseUrl(), "gpt-4o-mini", SUPPORT_PROMPT + " Question " + round + i);
                        calls++;
                    }
                    tagged("summarize", customer, "platform");
                    post(jdk, api.baseUrl(), "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"Summarise document " + round + " of " + customer + ": " + "text ".repeat(300 + 90 * c)
                            + "\"}]}");
                    calls++;
                    if (c % 2 == 0) {
                        tagged("search-rerank", customer, "platform");
                        post(jdk, api.baseUrl(), "{\"model\":\"gpt-5-mini\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Rerank 20 results for query " + round + "\"}]}");
                        calls++;
                    }
                    MDC.clear();
                }
            }
            // A model the price catalog does not know: llmcost flags it instead of pricing it at $0.
            tagged("experiments", "acme", "research");
            post(jdk, api.baseUrl(), "{\"model\":\"gpt-9-preview\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            calls++;
            MDC.clear();
            System.out.println("demo app: made " + calls + " LLM calls to the embedded OpenAI-compatible API at "
                    + api.baseUrl());
        }
        System.exit(0);
    }

    private static void tagged(String feature, String customer, String team) {
        MDC.put("feature", feature);
        MDC.put("customer", customer);
        MDC.put("team", team);
    }

    private static void streamChat(OkHttpClient client, String baseUrl, String model, String prompt) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"" + prompt + "\"}]}";
        Request request = new Request.Builder().url(baseUrl + "/chat/completions")
                .header("Authorization", "Bearer demo-key").post(RequestBody.create(body, JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            String line;
            while ((line = response.body().source().readUtf8Line()) != null) {
                if (line.equals("data: [DONE]")) {
                    break;
                }
            }
        }
    }

    private static void post(HttpClient client, String baseUrl, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer demo-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the embedded API answered " + response.statusCode());
        }
    }
}
