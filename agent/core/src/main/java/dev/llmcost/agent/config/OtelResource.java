package dev.llmcost.agent.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * What OpenTelemetry's resource configuration says about the deployment, read the way the OpenTelemetry SDK reads
 * it: {@code otel.resource.attributes} (system property, which wins) or {@code OTEL_RESOURCE_ATTRIBUTES}, a list of
 * {@code key=value} pairs separated by commas whose values are percent-encoded.
 */
final class OtelResource {

    static final String PROPERTY = "otel.resource.attributes";
    static final String VARIABLE = "OTEL_RESOURCE_ATTRIBUTES";

    private OtelResource() {
    }

    /**
     * {@code deployment.environment.name}, else the older {@code deployment.environment}, or {@code null} when
     * OpenTelemetry is not configured with either.
     */
    static String environment(Properties systemProperties, Map<String, String> env) {
        String attributes = systemProperties.getProperty(PROPERTY);
        if (attributes == null || attributes.isBlank()) {
            attributes = env.get(VARIABLE);
        }
        if (attributes == null || attributes.isBlank()) {
            return null;
        }
        String current = attribute(attributes, "deployment.environment.name");
        return current != null ? current : attribute(attributes, "deployment.environment");
    }

    /** The decoded value of {@code key} in {@code attributes}; the last one when it is given twice. */
    static String attribute(String attributes, String key) {
        String found = null;
        for (String pair : attributes.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equals(key)) {
                String value = percentDecoded(pair.substring(equals + 1).trim());
                found = value.isEmpty() ? null : value;
            }
        }
        return found;
    }

    /** {@code %XX} sequences as the UTF-8 bytes they stand for; a malformed sequence is kept as written. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int high = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw[i + 2], 16);
            if (low < 0) {
                bytes.write(raw[i]);
            } else {
                bytes.write(high * 16 + low);
                i += 2;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
