package dev.llmcost.agent.endpoint;

import dev.llmcost.agent.provider.ApiFormat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static dev.llmcost.agent.endpoint.ProviderHosts.ANTHROPIC;
import static dev.llmcost.agent.endpoint.ProviderHosts.AZURE_OPENAI;
import static dev.llmcost.agent.endpoint.ProviderHosts.BEDROCK;
import static dev.llmcost.agent.endpoint.ProviderHosts.COHERE;
import static dev.llmcost.agent.endpoint.ProviderHosts.GEMINI;
import static dev.llmcost.agent.endpoint.ProviderHosts.OLLAMA;
import static dev.llmcost.agent.endpoint.ProviderHosts.OPENAI;
import static dev.llmcost.agent.endpoint.ProviderHosts.VERTEX;

/**
 * Decides whether an HTTP request is a call to an LLM API, from its method, host and raw path only. It runs for
 * every request of every instrumented client, so anything that is not an LLM call is turned away after a few
 * string comparisons, with no allocation.
 *
 * <p>Paths are recognised on any host, because gateways, proxies and self-hosted servers copy the providers'
 * APIs; the host only names the provider. Specific paths ({@code /chat/completions}, {@code /v1/messages},
 * Bedrock's {@code /model/…/converse}, Google's {@code models/…:generateContent}) are taken as LLM calls
 * wherever they are served; generic ones ({@code /embeddings}, {@code /api/chat}, {@code /v2/chat}) only
 * tentatively off a provider's own host (see {@link Endpoint#confirmed()}).
 */
public final class EndpointClassifier {

    private final Map<String, String> userHosts;

    /** Recognises the known providers' hosts only. */
    public EndpointClassifier() {
        this(Map.of());
    }

    /** Also names the provider of the hosts the user lists (a vLLM or LM Studio box), by lower-case host. */
    public EndpointClassifier(Map<String, String> userHosts) {
        this.userHosts = Map.copyOf(userHosts);
    }

    /** The endpoint, or {@code null} when this is not an LLM API call. */
    public Endpoint classify(String method, String host, String path) {
        if (!"POST".equals(method) || path == null) {
            return null;
        }
        int end = path.length();
        if (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        int slash = path.lastIndexOf('/', end - 1);
        if (slash < 0) {
            return null;
        }
        int colon = path.indexOf(':', slash);
        if (colon >= 0 && colon < end) {
            return google(host, path, slash, colon, end);
        }
        if (endsWith(path, end, "/chat/completions")) {
            return openAi(host, path, "chat", ApiFormat.OPENAI_COMPLETIONS, true);
        }
        if (endsWith(path, end, "/v1/messages")) {
            return new Endpoint(orDefault(providerFor(host), ANTHROPIC), "chat",
                    ApiFormat.ANTHROPIC_MESSAGES);
        }
        int model = path.lastIndexOf("/model/", slash);
        if (model >= 0 && path.indexOf('/', model + 7) == slash) {
            return bedrock(path, model + 7, slash, end);
        }
        if (endsWith(path, end, "/responses")) {
            return openAi(host, path, "chat", ApiFormat.OPENAI_RESPONSES, false);
        }
        if (endsWith(path, end, "/embeddings")) {
            return openAi(host, path, "embeddings", ApiFormat.OPENAI_COMPLETIONS, false);
        }
        if (endsWith(path, end, "/completions")) {
            return openAi(host, path, "text_completion", ApiFormat.OPENAI_COMPLETIONS, false);
        }
        if (endsWith(path, end, "/v2/chat")) {
            return cohere(host, "chat");
        }
        if (endsWith(path, end, "/v2/embed")) {
            return cohere(host, "embeddings");
        }
        if (endsWith(path, end, "/api/chat")) {
            return ollama(host, "chat");
        }
        if (endsWith(path, end, "/api/generate")) {
            return ollama(host, "text_completion");
        }
        if (endsWith(path, end, "/api/embed") || endsWith(path, end, "/api/embeddings")) {
            return ollama(host, "embeddings");
        }
        return null;
    }

    /** OpenAI's API and its copies; an Azure deployment in the path is kept as the model asked for. */
    private Endpoint openAi(String host, String path, String operation, ApiFormat format,
                                   boolean specificPath) {
        String provider = providerFor(host);
        String deployment = null;
        int deployments = path.indexOf("/openai/deployments/");
        if (deployments >= 0) {
            int from = deployments + "/openai/deployments/".length();
            int to = path.indexOf('/', from);
            deployment = to > from ? decode(path, from, to) : null;
            provider = orDefault(provider, AZURE_OPENAI);
        }
        return new Endpoint(orDefault(provider, OPENAI), operation, format, deployment,
                specificPath || provider != null);
    }

    /** {@code …/models/{model}:{method}}: the Gemini API, or Vertex AI when the path names a project. */
    private Endpoint google(String host, String path, int slash, int colon, int end) {
        if (!path.regionMatches(slash - 7, "/models", 0, 7) && !path.regionMatches(slash - 6, "models", 0, 6)) {
            return null;
        }
        String provider = providerFor(host);
        if (provider == null || provider.equals(GEMINI) || provider.equals(VERTEX)) {
            provider = path.contains("/projects/") ? VERTEX : GEMINI;
        }
        String model = decode(path, slash + 1, colon);
        String method = path.substring(colon + 1, end);
        boolean anthropicOnVertex = path.contains("/publishers/anthropic/");
        return switch (method) {
            case "generateContent", "streamGenerateContent" ->
                    new Endpoint(provider, "generate_content", ApiFormat.GEMINI_GENERATE_CONTENT, model, true);
            case "embedContent", "batchEmbedContents" ->
                    new Endpoint(provider, "embeddings", ApiFormat.GEMINI_GENERATE_CONTENT, model, true);
            case "predict" -> path.contains("/publishers/google/")
                    ? new Endpoint(provider, "embeddings", ApiFormat.VERTEX_PREDICT, model, true) : null;
            case "rawPredict", "streamRawPredict" -> anthropicOnVertex
                    ? new Endpoint(provider, "chat", ApiFormat.ANTHROPIC_MESSAGES, model, true) : null;
            default -> null;
        };
    }

    /** {@code /model/{modelId}/converse|converse-stream|invoke|invoke-with-response-stream}. */
    private static Endpoint bedrock(String path, int modelStart, int slash, int end) {
        ApiFormat format;
        if (endsWith(path, end, "/converse") || endsWith(path, end, "/converse-stream")) {
            format = ApiFormat.BEDROCK_CONVERSE;
        } else if (endsWith(path, end, "/invoke") || endsWith(path, end, "/invoke-with-response-stream")) {
            format = ApiFormat.BEDROCK_INVOKE;
        } else {
            return null;
        }
        String model = decode(path, modelStart, slash);
        String operation = format == ApiFormat.BEDROCK_INVOKE && model.contains("embed") ? "embeddings" : "chat";
        return new Endpoint(BEDROCK, operation, format, model, true);
    }

    private Endpoint cohere(String host, String operation) {
        String provider = providerFor(host);
        return new Endpoint(COHERE, operation, ApiFormat.COHERE_V2, null, COHERE.equals(provider));
    }

    /**
     * Ollama runs anywhere (it is self-hosted), so its generic paths are confirmed by the response — unless the
     * user named the host as Ollama's ({@code provider.hosts}).
     */
    private Endpoint ollama(String host, String operation) {
        return new Endpoint(OLLAMA, operation, ApiFormat.OLLAMA, null, OLLAMA.equals(providerFor(host)));
    }

    /** The user's name for this host, else the known provider's, else {@code null}. */
    private String providerFor(String host) {
        if (!userHosts.isEmpty() && host != null) {
            String named = userHosts.get(host.toLowerCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
        }
        return ProviderHosts.providerFor(host);
    }

    /** {@code path[0, end)} ends with {@code suffix}. */
    private static boolean endsWith(String path, int end, String suffix) {
        return end >= suffix.length() && path.startsWith(suffix, end - suffix.length());
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }

    /** Percent-decodes a path segment (Bedrock model ids carry {@code %3A}; ARNs {@code %2F}). */
    static String decode(String path, int from, int to) {
        int escape = path.indexOf('%', from);
        if (escape < 0 || escape >= to) {
            return path.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            int high = c == '%' && i + 2 < to ? Character.digit(path.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
