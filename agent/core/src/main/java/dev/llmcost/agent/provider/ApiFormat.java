package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.anthropic.AnthropicMessages;
import dev.llmcost.agent.provider.bedrock.BedrockConverse;
import dev.llmcost.agent.provider.bedrock.BedrockInvoke;
import dev.llmcost.agent.provider.cohere.CohereV2;
import dev.llmcost.agent.provider.google.GeminiGenerateContent;
import dev.llmcost.agent.provider.google.VertexPredict;
import dev.llmcost.agent.provider.ollama.OllamaApi;
import dev.llmcost.agent.provider.openai.OpenAiCompletions;
import dev.llmcost.agent.provider.openai.OpenAiResponses;

import java.util.List;

/** The wire formats llmcost reads, each with its parser and the response headers it needs. */
public enum ApiFormat {
    /** {@code …/chat/completions}, {@code …/completions}, {@code …/embeddings}: OpenAI and its copies. */
    OPENAI_COMPLETIONS(new OpenAiCompletions()),
    /** {@code …/responses}: OpenAI's Responses API. */
    OPENAI_RESPONSES(new OpenAiResponses()),
    /** {@code /v1/messages}: Anthropic, and Anthropic models on Vertex AI ({@code :rawPredict}). */
    ANTHROPIC_MESSAGES(new AnthropicMessages()),
    /** Bedrock Runtime {@code Converse} and {@code ConverseStream}. */
    BEDROCK_CONVERSE(new BedrockConverse()),
    /** Bedrock Runtime {@code InvokeModel} and {@code InvokeModelWithResponseStream}, every model family. */
    BEDROCK_INVOKE(new BedrockInvoke(), BedrockInvoke.TOKEN_COUNT_HEADERS),
    /** Gemini API and Vertex AI {@code generateContent}, {@code streamGenerateContent}, {@code embedContent}. */
    GEMINI_GENERATE_CONTENT(new GeminiGenerateContent()),
    /** Vertex AI {@code :predict} for Google's embedding models. */
    VERTEX_PREDICT(new VertexPredict()),
    /** Cohere v2 {@code /v2/chat} and {@code /v2/embed}. */
    COHERE_V2(new CohereV2()),
    /** Ollama's native {@code /api/chat}, {@code /api/generate}, {@code /api/embed}. */
    OLLAMA(new OllamaApi());

    private final ApiParser parser;
    private final List<String> responseHeaders;

    ApiFormat(ApiParser parser) {
        this(parser, List.of());
    }

    ApiFormat(ApiParser parser, List<String> responseHeaders) {
        this.parser = parser;
        this.responseHeaders = responseHeaders;
    }

    public ApiParser parser() {
        return parser;
    }

    /** Response headers that carry usage for this format: kept with the body when a call is captured. */
    public List<String> responseHeaders() {
        return responseHeaders;
    }
}
