package dev.llmcost.agent.endpoint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void everythingElseIsNotAnLlmCall() {
        assertNull(classifier.classify("GET", "api.openai.com", "/v1/chat/completions"));
        assertNull(classifier.classify("POST", "api.openai.com", "/v1/files"));
        assertNull(classifier.classify("POST", "example.com", "/chat/completions/extra"));
        assertNull(classifier.classify("POST", "example.com", null));
    }
}
