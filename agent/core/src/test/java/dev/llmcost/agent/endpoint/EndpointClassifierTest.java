package dev.llmcost.agent.endpoint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

class EndpointClassifierTest {

    private final EndpointClassifier classifier = new EndpointClassifier();

    @Test
    void chatCompletionsOnAnyHostIsAnOpenAiCompatibleChat() {
        assertEquals("openai", classifier.classify("POST", "api.openai.com", "/v1/chat/completions").provider());
        assertEquals("openai", classifier.classify("POST", "localhost", "/v1/chat/completions/").provider());
        assertEquals("azure.ai.openai", classifier.classify("POST", "acme.openai.azure.com",
                "/openai/deployments/prod-4o/chat/completions").provider());
        assertEquals("groq", classifier.classify("POST", "api.groq.com", "/openai/v1/chat/completions").provider());
        assertEquals("chat", classifier.classify("POST", "x", "/chat/completions").operation());
    }

    /** What the Azure OpenAI SDK sends, to Azure or to a gateway or stub of it under a prefix of its own. */
    @Test
    void anAzureDeploymentPathIsAzureOpenAiOnAnyHost() {
        for (String host : new String[] {"acme.openai.azure.com", "acme.cognitiveservices.azure.com", "localhost"}) {
            Endpoint chat = classifier.classify("POST", host,
                    "/azure-sdk/openai/deployments/prod-eu/chat/completions");
            assertEquals("azure.ai.openai", chat.provider(), host);
            assertEquals("chat", chat.operation(), host);
            assertEquals("prod-eu", chat.pathModel(), host);
            assertTrue(chat.confirmed(), host);
        }
    }

    @Test
    void everythingElseIsNotAnLlmCall() {
        assertNull(classifier.classify("GET", "api.openai.com", "/v1/chat/completions"));
        assertNull(classifier.classify("POST", "api.openai.com", "/v1/files"));
        assertNull(classifier.classify("POST", "example.com", "/chat/completions/extra"));
        assertNull(classifier.classify("POST", "example.com", null));
    }

    @Test
    void providersAreNamedByHostAndModelsTakenFromThePath() {
        Endpoint bedrock = classifier.classify("POST", "bedrock-runtime.eu-west-1.amazonaws.com",
                "/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-profile%2Feu.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream");
        assertEquals("aws.bedrock", bedrock.provider());
        assertEquals("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
                bedrock.pathModel());
        Endpoint claudeOnVertex = classifier.classify("POST", "us-east5-aiplatform.googleapis.com",
                "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict");
        assertEquals("gcp.vertex_ai", claudeOnVertex.provider());
        assertEquals(dev.llmcost.agent.provider.ApiFormat.ANTHROPIC_MESSAGES, claudeOnVertex.format());
        assertEquals("claude-sonnet-4-5@20250929", claudeOnVertex.pathModel());
        Endpoint azure = classifier.classify("POST", "acme.openai.azure.com", "/openai/deployments/prod-4o/embeddings");
        assertEquals("embeddings", azure.operation());
        assertEquals("prod-4o", azure.pathModel());
        assertEquals("gcp.gemini", classifier.classify("POST", "localhost",
                "/v1beta/models/gemini-2.5-flash:streamGenerateContent").provider());
    }

    @Test
    void hostsTheUserNamesGetTheirProvider() {
        EndpointClassifier named = new EndpointClassifier(java.util.Map.of("gpu-box.internal", "vllm",
                "llm.internal", "ollama"));
        assertEquals("vllm", named.classify("POST", "GPU-Box.internal", "/v1/chat/completions").provider());
        assertTrue(named.classify("POST", "gpu-box.internal", "/v1/embeddings").confirmed());
        assertTrue(named.classify("POST", "llm.internal", "/api/chat").confirmed());
        assertEquals("openai", named.classify("POST", "other.internal", "/v1/chat/completions").provider());
    }

    @Test
    void genericPathsOffAProvidersHostAreOnlyTentative() {
        assertFalse(classifier.classify("POST", "orders.internal", "/api/chat").confirmed());
        assertFalse(classifier.classify("POST", "search.internal", "/v1/embeddings").confirmed());
        assertTrue(classifier.classify("POST", "api.openai.com", "/v1/embeddings").confirmed());
        assertTrue(classifier.classify("POST", "api.cohere.com", "/v2/chat").confirmed());
        assertTrue(classifier.classify("POST", "gateway.internal", "/v1/chat/completions").confirmed());
    }

    @Test
    void unbilledAndLookalikeEndpointsAreNotLlmCalls() {
        assertNull(classifier.classify("POST", "api.anthropic.com", "/v1/messages/count_tokens"));
        assertNull(classifier.classify("POST", "api.openai.com", "/v1/threads/thread_1/messages"));
        assertNull(classifier.classify("POST", "generativelanguage.googleapis.com",
                "/v1beta/models/gemini-2.5-flash:countTokens"));
        assertNull(classifier.classify("POST", "example.com", "/calendar/events:batch"));
        assertNull(classifier.classify("POST", "bedrock-runtime.us-east-1.amazonaws.com", "/model/x/count-tokens"));
    }
}
