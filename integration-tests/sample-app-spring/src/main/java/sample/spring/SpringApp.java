package sample.spring;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.core.credential.AzureKeyCredential;
import org.slf4j.MDC;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Spring application that knows nothing of llmcost: one chat completion per run, through the client the
 * scenario names, with attribution in the logging context of the calling thread.
 *
 * <p>{@code java -Dsample.base-url=http://host:port -jar sample-app-spring.jar <scenario>} (or
 * {@code --base-url URL}); each scenario calls {@code <base>/<scenario>/v1/chat/completions} (the Azure ones
 * {@code <base>/<scenario>/openai/deployments/prod-eu/chat/completions?api-version=…}) and prints
 * {@code RESULT <scenario> …}, the transport prints {@code FACTORY <scenario> <class>}, then {@code DONE}.
 */
public final class SpringApp {

    static final String CHAT_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say this is a test\"}]}";
    static final String STREAM_BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
            + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}";
    private static final String API_KEY = "sk-sample-secret-key";
    static final String DEPLOYMENT = "prod-eu";

    interface Scenario {
        void run(String scenario, String url) throws Exception;
    }

    private SpringApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = System.getProperty("sample.base-url");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--base-url")) {
                base = args[++i];
            } else {
                names.add(args[i]);
            }
        }
        Objects.requireNonNull(base, "-Dsample.base-url or --base-url");
        Map<String, Scenario> scenarios = scenarios();
        for (String name : names) {
            Scenario scenario = scenarios.get(name);
            if (scenario == null) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + scenarios.keySet());
            }
            MDC.put("feature", name);
            MDC.put("customer", "acme");
            MDC.put("team", "spring-team");
            try {
                scenario.run(name, base + "/" + name);
            } finally {
                MDC.clear();
            }
        }
        System.out.println("DONE");
        // Reactor Netty's and the Azure SDK's event loops are not daemons everywhere: a CLI app exits explicitly.
        System.exit(0);
    }

    static Map<String, Scenario> scenarios() {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        Map<String, ClientHttpRequestFactoryBuilder<?>> transports = new LinkedHashMap<>();
        transports.put("apache", ClientHttpRequestFactoryBuilder.httpComponents());
        transports.put("jdk", ClientHttpRequestFactoryBuilder.jdk());
        transports.put("reactor", ClientHttpRequestFactoryBuilder.reactor());
        transports.put("simple", ClientHttpRequestFactoryBuilder.simple());
        transports.put("detect", ClientHttpRequestFactoryBuilder.detect());
        transports.forEach((transport, builder) -> {
            scenarios.put("restclient-" + transport, (name, url) -> restClient(name, url, builder.build()));
            scenarios.put("resttemplate-" + transport, (name, url) -> restTemplate(name, url, builder.build()));
        });
        scenarios.put("webclient-json", SpringApp::webClientJson);
        scenarios.put("webclient-stream", SpringApp::webClientStream);
        scenarios.put("spring-ai-call", SpringApp::springAiCall);
        scenarios.put("spring-ai-stream", SpringApp::springAiStream);
        scenarios.put("azure-sdk", SpringApp::azureSdk);
        scenarios.put("azure-sdk-stream", SpringApp::azureSdkStream);
        return scenarios;
    }

    private static void restClient(String name, String url, ClientHttpRequestFactory factory) {
        System.out.println("FACTORY " + name + " " + factory.getClass().getSimpleName());
        ResponseEntity<byte[]> response = RestClient.builder().requestFactory(factory).build().post()
                .uri(url + "/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + API_KEY).body(CHAT_BODY).retrieve().toEntity(byte[].class);
        print(name, response.getStatusCode().value(), response.getBody());
    }

    private static void restTemplate(String name, String url, ClientHttpRequestFactory factory) {
        System.out.println("FACTORY " + name + " " + factory.getClass().getSimpleName());
        ResponseEntity<byte[]> response = new RestTemplate(factory).exchange(RequestEntity
                .post(URI.create(url + "/v1/chat/completions")).contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + API_KEY).body(CHAT_BODY), byte[].class);
        print(name, response.getStatusCode().value(), response.getBody());
    }

    private static void webClientJson(String name, String url) {
        ResponseEntity<byte[]> response = WebClient.builder().build().post().uri(url + "/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + API_KEY)
                .bodyValue(CHAT_BODY).retrieve().toEntity(byte[].class).block();
        print(name, response.getStatusCode().value(), response.getBody());
    }

    /** Server-sent events as WebClient decodes them; prints the events' data joined by \n. */
    private static void webClientStream(String name, String url) {
        List<String> data = new ArrayList<>();
        WebClient.builder().build().post().uri(url + "/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .header("Authorization", "Bearer " + API_KEY).bodyValue(STREAM_BODY).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .doOnNext(event -> data.add(event.data())).blockLast();
        print(name, 200, String.join("\n", data).getBytes(StandardCharsets.UTF_8));
    }

    /** Spring AI 1.1 set up in code, as its reference guide shows: RestClient for calls, WebClient for streams. */
    private static OpenAiChatModel springAi(String url, boolean streamUsage) {
        OpenAiApi api = OpenAiApi.builder().baseUrl(url).apiKey(API_KEY).build();
        return OpenAiChatModel.builder().openAiApi(api).defaultOptions(OpenAiChatOptions.builder()
                .model("gpt-4o-mini").streamUsage(streamUsage).build()).build();
    }

    private static void springAiCall(String name, String url) {
        String answer = springAi(url, false).call("Say this is a test");
        print(name, 200, answer.getBytes(StandardCharsets.UTF_8));
    }

    private static void springAiStream(String name, String url) {
        List<ChatResponse> responses = springAi(url, true).stream(new org.springframework.ai.chat.prompt.Prompt(
                "Say this is a test")).collectList().block();
        StringBuilder answer = new StringBuilder();
        for (ChatResponse response : responses) {
            if (response.getResult() != null && response.getResult().getOutput().getText() != null) {
                answer.append(response.getResult().getOutput().getText());
            }
        }
        print(name, 200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The Azure OpenAI SDK on its default transport (azure-core-http-netty), with an Azure key. */
    private static OpenAIClient azure(String url) {
        return new OpenAIClientBuilder().endpoint(url).credential(new AzureKeyCredential("azure-test-key-not-real"))
                .buildClient();
    }

    private static ChatCompletionsOptions azureOptions() {
        return new ChatCompletionsOptions(List.of(new ChatRequestUserMessage("Say this is a test")));
    }

    private static void azureSdk(String name, String url) {
        ChatCompletions completions = azure(url).getChatCompletions(DEPLOYMENT, azureOptions());
        String answer = completions.getChoices().get(0).getMessage().getContent();
        System.out.println("USAGE " + name + " " + completions.getUsage().getPromptTokens() + " "
                + completions.getUsage().getCompletionTokens());
        print(name, 200, (answer == null ? "" : answer).getBytes(StandardCharsets.UTF_8));
    }

    private static void azureSdkStream(String name, String url) {
        StringBuilder answer = new StringBuilder();
        for (ChatCompletions chunk : azure(url).getChatCompletionsStream(DEPLOYMENT, azureOptions())) {
            if (chunk.getChoices() != null && !chunk.getChoices().isEmpty()
                    && chunk.getChoices().get(0).getDelta() != null
                    && chunk.getChoices().get(0).getDelta().getContent() != null) {
                answer.append(chunk.getChoices().get(0).getDelta().getContent());
            }
            if (chunk.getUsage() != null) {
                System.out.println("USAGE " + name + " " + chunk.getUsage().getPromptTokens() + " "
                        + chunk.getUsage().getCompletionTokens());
            }
        }
        print(name, 200, answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void print(String scenario, int status, byte[] body) {
        System.out.println("RESULT " + scenario + " status=" + status + " bytes=" + body.length + " sha256="
                + sha256(body));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
