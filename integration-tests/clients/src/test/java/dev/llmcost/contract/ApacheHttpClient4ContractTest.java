package dev.llmcost.contract;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterAll;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Apache HttpClient 4.5 classic: {@code execute} with a response handler, a body read line by line. */
class ApacheHttpClient4ContractTest extends LlmHttpClientContract {

    private static final CloseableHttpClient CLIENT = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(READ_TIMEOUT_MILLIS).build())
            .disableAutomaticRetries()
            .build();

    @AfterAll
    static void closeClient() throws Exception {
        CLIENT.close();
    }

    private static HttpPost post(String url, String body) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return post;
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        return CLIENT.execute(post(url, body), response -> new Response(response.getStatusLine().getStatusCode(),
                EntityUtils.toByteArray(response.getEntity())));
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        try (CloseableHttpResponse response = CLIENT.execute(post(url, body))) {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
            return response.getStatusLine().getStatusCode();
        }
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        try (CloseableHttpResponse response = CLIENT.execute(post(url, body));
             InputStream in = response.getEntity().getContent()) {
            in.readNBytes(bytes);
        }
    }
}
