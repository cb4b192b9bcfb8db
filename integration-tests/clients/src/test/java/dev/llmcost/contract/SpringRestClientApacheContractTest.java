package dev.llmcost.contract;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Spring's {@code RestClient} on {@code HttpComponentsClientHttpRequestFactory} (what Spring Boot picks when
 * httpclient5 is present): recorded once, by the Apache HttpClient 5 hook beneath it. Spring's request entity says
 * it is repeatable but can only be written, so the request body is copied as the client writes it.
 */
class SpringRestClientApacheContractTest extends LlmHttpClientContract {

    private static final CloseableHttpClient CLIENT = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
            .disableAutomaticRetries()
            .build();

    private final RestClient client = RestClient.builder()
            .requestFactory(new HttpComponentsClientHttpRequestFactory(CLIENT)).build();

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }

    private RestClient.RequestBodySpec post(String url) {
        return client.post().uri(url).contentType(MediaType.APPLICATION_JSON);
    }

    @Override
    protected Response send(String url, String body) {
        // exchange() reads error statuses as bodies, as the other clients' cases do; bodyTo goes through Spring's
        // message converter, which reads exactly Content-Length bytes (no end of stream) and then closes.
        return post(url).body(body).exchange((request, response) -> {
            byte[] bytes = response.bodyTo(byte[].class);
            return new Response(response.getStatusCode().value(), bytes == null ? new byte[0] : bytes);
        });
    }

    @Override
    protected int stream(String url, String body, Lines lines) {
        return post(url).body(body).exchange((request, response) -> {
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.getBody(),
                    StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
            return response.getStatusCode().value();
        });
    }

    @Override
    protected void readPartly(String url, String body, int bytes) {
        post(url).body(body).exchange((request, response) -> {
            InputStream in = response.getBody();
            in.readNBytes(bytes);
            return null;
        }, true);
    }
}
