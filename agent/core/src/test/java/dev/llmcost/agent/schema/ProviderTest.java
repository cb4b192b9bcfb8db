package dev.llmcost.agent.schema;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderTest {

    @Test
    void liteLlmKeysNameTheirProvidersId() {
        assertEquals("azure.ai.openai", Provider.byLiteLlmKey("azure").orElseThrow().id());
        assertEquals("aws.bedrock", Provider.byLiteLlmKey("bedrock_converse").orElseThrow().id());
        assertEquals("gcp.vertex_ai", Provider.byLiteLlmKey("vertex_ai-anthropic_models").orElseThrow().id());
        assertEquals("x_ai", Provider.byLiteLlmKey("xai").orElseThrow().id());
        assertEquals(Optional.empty(), Provider.byLiteLlmKey("sagemaker"));
    }

    @Test
    void idsNameTheirFocusProviderAndService() {
        Provider bedrock = Provider.byId("aws.bedrock").orElseThrow();
        assertEquals("Amazon Web Services", bedrock.focusProviderName());
        assertEquals("Amazon Bedrock", bedrock.focusServiceName());
        assertEquals("Microsoft", Provider.byId("azure.ai.openai").orElseThrow().focusProviderName());
        // No FOCUS names of its own: named by its id, as the export always did.
        assertEquals("perplexity", Provider.byId("perplexity").orElseThrow().focusServiceName());
        assertEquals(Optional.empty(), Provider.byId("my-gateway"));
    }

    @Test
    void azureOpenAiIsAlsoPricedAsOpenAi() {
        assertEquals(List.of("azure.ai.openai", "openai"), Provider.AZURE_OPENAI.pricedAs());
        assertEquals(List.of("anthropic"), Provider.ANTHROPIC.pricedAs());
    }

    @Test
    void everyIdAndEveryLiteLlmKeyNamesOneProvider() {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Provider provider : Provider.values()) {
            assertTrue(ids.add(provider.id()), provider.id());
            provider.liteLlmKeys().forEach(key -> assertTrue(keys.add(key), key));
        }
    }
}
