package dev.llmcost.contract;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Spring Framework's {@code RestClient} (6.2, the line of Spring Boot 3.5) on {@code JdkClientHttpRequestFactory}:
 * the JDK client underneath, sent a body that Spring streams through {@code BodyPublishers.fromPublisher} (its
 * {@code OutputStreamPublisher}), which the agent reads as the client sends it. Responses are read with
 * {@code exchange}, as they come, without Spring's error handling in between.
 */
class SpringRestClientJdkContractTest extends LlmHttpClientContract {

    private RestClient client;

    /** The JDK client under the factory. */
    protected HttpClient newClient() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private synchronized RestClient restClient() throws Exception {
        if (client == null) {
            JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(newClient());
            factory.setReadTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS));
            client = RestClient.builder().requestFactory(factory).build();
        }
        return client;
    }

    private RestClient.RequestBodySpec post(String url, String body) throws Exception {
        RestClient.RequestBodySpec request = restClient().post().uri(url).contentType(MediaType.APPLICATION_JSON);
        request.body(body);
        return request;
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        return post(url, body).exchange((request, response) ->
                new Response(response.getStatusCode().value(), response.getBody().readAllBytes()));
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        return post(url, body).exchange((request, response) -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.getBody(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.line(line);
                }
            }
            return response.getStatusCode().value();
        });
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        post(url, body).exchange((request, response) -> {
            try (InputStream in = response.getBody()) {
                return in.readNBytes(bytes);
            }
        });
    }
}
