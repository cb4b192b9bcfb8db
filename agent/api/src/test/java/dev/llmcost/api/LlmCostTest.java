package dev.llmcost.api;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LlmCostTest {

    @Test
    void aScopeIsInForceUntilClosed() {
        assertNull(LlmCost.current("feature"));
        try (LlmCost.Scope scope = LlmCost.attribute("feature", "search").and("customer", "acme")) {
            assertEquals("search", LlmCost.current("feature"));
            assertEquals(Map.of("feature", "search", "customer", "acme"), LlmCost.currentAll());
        }
        assertNull(LlmCost.current("feature"));
        assertEquals(Map.of(), LlmCost.currentAll());
    }

    @Test
    void closingRestoresTheOuterScope() {
        try (var outer = LlmCost.attribute("feature", "search").and("team", "growth")) {
            try (var inner = LlmCost.attribute("feature", "rerank").and("team", null)) {
                assertEquals(Map.of("feature", "rerank"), LlmCost.currentAll());
            }
            assertEquals(Map.of("feature", "search", "team", "growth"), LlmCost.currentAll());
        }
        assertEquals(Map.of(), LlmCost.currentAll());
    }

    @Test
    void theMapIsASnapshotNobodyCanChange() {
        try (var scope = LlmCost.attribute("feature", "search")) {
            Map<String, String> seen = LlmCost.currentAll();
            scope.and("customer", "acme");
            assertEquals(Map.of("feature", "search"), seen);
            assertThrows(UnsupportedOperationException.class, () -> LlmCost.currentAll().put("x", "y"));
        }
    }

    @Test
    void anotherThreadDoesNotSeeItWithoutTheAgent() throws Exception {
        try (var scope = LlmCost.attribute("feature", "search")) {
            assertNull(CompletableFuture.supplyAsync(() -> LlmCost.current("feature")).get());
        }
    }

    @Test
    void aClosedScopeCannotGrowAndClosesOnce() {
        LlmCost.Scope scope = LlmCost.attribute("feature", "search");
        scope.close();
        try (var later = LlmCost.attribute("feature", "later")) {
            scope.close();
            assertEquals("later", LlmCost.current("feature"));
            assertThrows(IllegalStateException.class, () -> scope.and("customer", "acme"));
        }
    }
}
