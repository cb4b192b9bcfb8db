package dev.llmcost.contract;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code HttpURLConnection}, the way Spring's {@code SimpleClientHttpRequestFactory} and older code use it: write
 * the body, ask for the status, read the input stream (or the error stream for an error status), disconnect.
 */
class HttpUrlConnectionContractTest extends LlmHttpClientContract {

    private static HttpURLConnection post(String url, String body) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return connection;
    }

    private static InputStream body(HttpURLConnection connection) throws Exception {
        return connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream();
    }

    @Override
    protected Response send(String url, String body) throws Exception {
        HttpURLConnection connection = post(url, body);
        try (InputStream in = body(connection)) {
            return new Response(connection.getResponseCode(), in.readAllBytes());
        } finally {
            connection.disconnect();
        }
    }

    @Override
    protected int stream(String url, String body, Lines lines) throws Exception {
        HttpURLConnection connection = post(url, body);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body(connection),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.line(line);
            }
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    @Override
    protected void readPartly(String url, String body, int bytes) throws Exception {
        HttpURLConnection connection = post(url, body);
        try (InputStream in = body(connection)) {
            in.readNBytes(bytes);
        } finally {
            connection.disconnect();
        }
    }
}
