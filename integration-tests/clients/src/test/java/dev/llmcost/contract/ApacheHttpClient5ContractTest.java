package dev.llmcost.contract;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Apache HttpClient 5 classic: {@code execute} with a response handler, a body read line by line from its stream. */
class ApacheHttpClient5ContractTest extends LlmHttpClientContract {

    private static final CloseableHttpClient CLIENT = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(READ_TIMEOUT_MILLIS)).build())
            .disableAutomaticRetries()
            .build();

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }

    /** The client under test (the classic-over-async variant has its own). */
    protected CloseableHttpClient classicClient() {
        return CLIENT;
    }

    private static HttpPost post(String url, String body) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return post;
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        return classicClient().execute(post(url, body),
                response -> new Response(response.getCode(), EntityUtils.toByteArray(response.getEntity())));
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        try (ClassicHttpResponse response = classicClient().executeOpen(null, post(url, body), null)) {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
            return response.getCode();
        }
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        try (ClassicHttpResponse response = classicClient().executeOpen(null, post(url, body), null);
             InputStream in = response.getEntity().getContent()) {
            in.readNBytes(bytes);
        }
    }
}
