package dev.llmcost.contract;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Apache HttpAsyncClient 4.1 with a request body that can be read only once (an {@code InputStreamEntity}): the
 * model is still read, from the bytes as the client writes them.
 */
class ApacheHttpAsyncClient4StreamedBodyContractTest extends ApacheHttpAsyncClient4ContractTest {

    private static final CloseableHttpAsyncClient STREAMED = HttpAsyncClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(READ_TIMEOUT_MILLIS).build())
            .build();

    static {
        STREAMED.start();
    }

    @AfterAll
    static void closeClient() throws Exception { // hides the parent's: each class closes only its own client
        STREAMED.close();
    }

    @Override
    protected CloseableHttpAsyncClient asyncClient() {
        return STREAMED;
    }

    @Override
    protected HttpEntity entity(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new InputStreamEntity(new ByteArrayInputStream(bytes), bytes.length, ContentType.APPLICATION_JSON);
    }
}
