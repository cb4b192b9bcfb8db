package dev.llmcost.collector.price;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;
import dev.llmcost.agent.schema.TokenCounts;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.write.Money;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PricerTest {

    private final Pricer pricer = new Pricer(PriceCatalog.bundled());

    static CallRecord call(String day, String requestModel, String responseModel, Long input, Long output,
                           Long cacheRead, Long cacheWrite) {
        long millis = LocalDate.parse(day).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        return new CallRecord("e", "a", "s", millis, 10, "openai", "chat", requestModel, responseModel, false, 200,
                "api.openai.com", input == null ? UsageStatus.MISSING : UsageStatus.REPORTED, null,
                input == null ? null : TokenCounts.of(input, output).with(TokenKind.CACHE_READ, cacheRead)
                        .with(TokenKind.CACHE_WRITE, cacheWrite), null, null, null, Map.of(), null, null);
    }

    @Test
    void pricesEveryTokenKindExactly() {
        // gpt-4o-mini: 0.15 in, 0.075 cached, 0.60 out per million; 1149 in of which 1024 cached, 353 out.
        PricedCall priced = pricer.price(call("2026-11-24", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                1149L, 353L, 1024L, 0L));
        BigDecimal expected = new BigDecimal("125").multiply(new BigDecimal("0.15"))
                .add(new BigDecimal("1024").multiply(new BigDecimal("0.075")))
                .add(new BigDecimal("353").multiply(new BigDecimal("0.60"))).movePointLeft(6);
        assertEquals(0, expected.compareTo(priced.costUsd()), Money.plain(priced.costUsd()));
        assertEquals("0.00030735", Money.plain(priced.costUsd()));
        assertEquals("openai/gpt-4o-mini@2024-07-18", priced.priceRef());
    }

    @Test
    void usesThePriceInForceOnTheDayOfTheCall() {
        PricedCall before = pricer.price(call("2025-06-09", "o3", "o3-2025-04-16", 1_000_000L, 0L, 0L, 0L));
        PricedCall after = pricer.price(call("2025-06-10", "o3", "o3-2025-04-16", 1_000_000L, 0L, 0L, 0L));
        assertEquals("10", Money.plain(before.costUsd()));
        assertEquals("2", Money.plain(after.costUsd()));
        assertEquals("openai/o3@2025-04-16", before.priceRef());
        assertEquals("openai/o3@2025-06-10", after.priceRef());
    }

    @Test
    void aModelTheCatalogDeliberatelyLeavesUnpricedSaysWhy() {
        PricedCall priced = pricer.price(call("2026-11-24", "gpt-4o-search-preview", null, 10L, 10L, 0L, 0L));
        assertNull(priced.costUsd());
        assertTrue(priced.costNote().startsWith("no price for openai model 'gpt-4o-search-preview' on 2026-11-24: "
                + "adds a per-call web search fee"), priced.costNote());
    }

    @Test
    void theNewestModelsAreListPriced() {
        // gpt-5.6-sol, a promotion from 2026-08-21 to 2026-12-01: 4 in, 0.40 cached, 20 out per million.
        assertEquals("0.564", Money.plain(pricer.price(call("2026-11-24", "gpt-5.6-sol", null, 100_000L, 10_000L,
                10_000L, 0L)).costUsd()));
        // Back to 5 in, 0.50 cached, 30 out from 2026-12-01.
        assertEquals("0.755", Money.plain(pricer.price(call("2026-12-01", "gpt-5.6-sol", null, 100_000L, 10_000L,
                10_000L, 0L)).costUsd()));
    }

    @Test
    void anUnknownModelIsLeftUnpricedWithANoteNeverZero() {
        PricedCall priced = pricer.price(call("2026-11-24", "gpt-9", "gpt-9-2026-11-01", 10L, 10L, 0L, 0L));
        assertNull(priced.costUsd());
        assertNull(priced.priceRef());
        assertTrue(priced.unpriced());
        assertTrue(priced.costNote().contains("gpt-9-2026-11-01"), priced.costNote());
    }

    @Test
    void anUnknownSnapshotOfAKnownAliasIsPricedByTheAlias() {
        PricedCall priced = pricer.price(call("2026-11-24", "gpt-4o-mini", "gpt-4o-mini-2099-01-01", 1_000_000L,
                0L, 0L, 0L));
        assertEquals("0.15", Money.plain(priced.costUsd()));
    }

    @Test
    void callsWithoutUsageAreNotPriced() {
        PricedCall priced = pricer.price(call("2026-11-24", "gpt-4o-mini", null, null, null, null, null));
        assertNull(priced.costUsd());
        assertTrue(priced.costNote().contains("missing"));
    }

    @Test
    void aUsersPriceFileOverridesTheBundledPrice() throws Exception {
        String file = """
                {"prices": [{"provider": "openai", "model": "gpt-4o-mini", "valid_from": "2020-01-01",
                  "usd_per_million_tokens": {"input": "0.10", "output": "0.40"},
                  "source": "negotiated rate, contract 42"}]}
                """;
        PriceCatalog catalog = PriceCatalogReader.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                "prices.json", PriceCatalog.bundled());
        PricedCall priced = new Pricer(catalog).price(call("2026-11-24", "gpt-4o-mini", null, 1_000_000L,
                1_000_000L, 0L, 0L));
        assertEquals("0.5", Money.plain(priced.costUsd()));
        assertEquals("openai/gpt-4o-mini@2020-01-01", priced.priceRef());
        PricedCall untouched = new Pricer(catalog).price(call("2026-11-24", "gpt-4o", null, 1_000_000L, 0L, 0L, 0L));
        assertEquals("2.5", Money.plain(untouched.costUsd()));
    }

    private static CallRecord call(String provider, String model, long input, long output, long cacheRead,
                                   long cacheWrite, long cacheWrite1h) {
        long millis = LocalDate.parse("2026-11-24").atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        return new CallRecord("e", "a", "s", millis, 10, provider, "chat", model, null, false, 200, "host",
                UsageStatus.REPORTED, null, TokenCounts.of(input, output).with(TokenKind.CACHE_READ, cacheRead)
                        .with(TokenKind.CACHE_WRITE, cacheWrite).with(TokenKind.CACHE_WRITE_1H, cacheWrite1h),
                null, null, null, Map.of(), null, null);
    }

    @Test
    void anthropicOneHourCacheWritesArePricedApartFromFiveMinuteOnes() {
        // claude-sonnet-4-5: 3 in, 0.30 read, 3.75 write (5 min), 6 write (1 h), 15 out.
        // 1532 in = 3 uncached + 1111 read + 418 written, 100 of them for an hour; 33 out.
        PricedCall priced = pricer.price(call("anthropic", "claude-sonnet-4-5-20250929", 1532, 33, 1111, 418, 100));
        BigDecimal expected = new BigDecimal("3").multiply(new BigDecimal("3.00"))
                .add(new BigDecimal("1111").multiply(new BigDecimal("0.30")))
                .add(new BigDecimal("318").multiply(new BigDecimal("3.75")))
                .add(new BigDecimal("100").multiply(new BigDecimal("6.00")))
                .add(new BigDecimal("33").multiply(new BigDecimal("15.00"))).movePointLeft(6);
        assertEquals(0, expected.compareTo(priced.costUsd()), Money.plain(priced.costUsd()));
    }

    @Test
    void aPromptAboveTheTierPaysTheTierPriceForTheWholeRequest() {
        PricedCall small = pricer.price(call("gcp.gemini", "gemini-2.5-pro", 200_000, 1_000_000, 0, 0, 0));
        PricedCall large = pricer.price(call("gcp.gemini", "gemini-2.5-pro", 200_001, 1_000_000, 0, 0, 0));
        assertEquals("10.25", Money.plain(small.costUsd()));
        assertEquals("15.5000025", Money.plain(large.costUsd()));
    }

    @Test
    void bedrockProfilesAndArnsArePricedAsAwsPricesThem() {
        String id = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assertEquals("0.3", Money.plain(pricer.price(call("aws.bedrock", "global." + id, 100_000, 0, 0, 0, 0))
                .costUsd()));
        assertEquals("0.33", Money.plain(pricer.price(call("aws.bedrock", "us." + id, 100_000, 0, 0, 0, 0))
                .costUsd()));
        assertEquals("0.33", Money.plain(pricer.price(call("aws.bedrock",
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + id, 100_000, 0, 0, 0, 0))
                .costUsd()));
        // An older model has one price whichever profile serves it.
        assertEquals("0.8", Money.plain(pricer.price(call("aws.bedrock",
                "us.anthropic.claude-3-5-haiku-20241022-v1:0", 1_000_000, 0, 0, 0, 0)).costUsd()));
    }

    @Test
    void azureOpenAiIsPricedAsOpenAiUnlessTheCatalogSaysOtherwise() {
        PricedCall priced = pricer.price(call("azure.ai.openai", "gpt-4o-mini-2024-07-18", 1_000_000, 0, 0, 0, 0));
        assertEquals("0.15", Money.plain(priced.costUsd()));
        assertEquals("openai/gpt-4o-mini@2024-07-18", priced.priceRef());
    }

    @Test
    void selfHostedOllamaCostsNothingButIsPriced() {
        PricedCall priced = pricer.price(call("ollama", "llama3", 17, 66, 0, 0, 0));
        assertEquals("0", Money.plain(priced.costUsd()));
        assertEquals("ollama/*@2023-07-01", priced.priceRef());
    }

    @Test
    void anAzureDeploymentIsPricedByItsModelAtItsDeploymentTypesPrice() throws Exception {
        String file = """
                {"deployments": [
                  {"provider": "azure.ai.openai", "deployment": "prod-eu", "model": "gpt-4o-mini",
                   "deployment_type": "data_zone"},
                  {"provider": "azure.ai.openai", "deployment": "shared", "model": "gpt-4o-mini"}],
                 "prices": []}
                """;
        PriceCatalog catalog = PriceCatalogReader.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                "prices.json", PriceCatalog.bundled());
        Pricer azure = new Pricer(catalog);
        // The response does not name a model the catalog knows: the deployment's model prices it, +10% data zone.
        PricedCall dataZone = azure.price(call("azure.ai.openai", "prod-eu", 1_000_000, 0, 0, 0, 0));
        assertEquals("0.165", Money.plain(dataZone.costUsd()));
        assertEquals("openai/gpt-4o-mini@2024-07-18 x1.10 data_zone", dataZone.priceRef());
        PricedCall global = azure.price(call("azure.ai.openai", "shared", 1_000_000, 0, 0, 0, 0));
        assertEquals("0.15", Money.plain(global.costUsd()));
        // Without a mapping a deployment name prices nothing: flagged, never $0.
        assertNull(azure.price(call("azure.ai.openai", "unmapped", 1_000_000, 0, 0, 0, 0)).costUsd());
    }

    @Test
    void aDeploymentTypeWithoutAMultiplierIsRefusedWithItsLine() {
        String file = """
                {"deployments": [
                  {"provider": "azure.ai.openai", "deployment": "prod", "model": "gpt-4o", "deployment_type": "zonal"}],
                 "prices": []}
                """;
        PriceFileException refused = org.junit.jupiter.api.Assertions.assertThrows(PriceFileException.class, () ->
                PriceCatalogReader.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                        "prices.json", PriceCatalog.bundled()));
        assertTrue(refused.getMessage().contains("line 2 (deployment prod)"), refused.getMessage());
    }

    @Test
    void aFineTunedModelIsPricedAtItsBaseModelsFineTunedPrice() {
        PricedCall priced = pricer.price(call("openai", "ft:gpt-4o-mini-2024-07-18:acme::AbC123", 1_000_000,
                1_000_000, 0, 0, 0));
        assertEquals("1.5", Money.plain(priced.costUsd()));
        assertEquals("openai/ft:gpt-4o-mini@2024-07-23", priced.priceRef());
    }

    @Test
    void aPerRequestFeeIsChargedOncePerCall() {
        // Perplexity sonar: 1 in, 1 out per million, and 0.005 per request (search).
        PricedCall priced = pricer.price(call("perplexity", "sonar", 1000, 1000, 0, 0, 0));
        assertEquals("0.007", Money.plain(priced.costUsd()));
    }

    @Test
    void negotiatedDiscountsAndReasoningPricedApartComeFromTheUsersFile() throws Exception {
        String file = """
                {"discounts": [{"provider": "openai", "model": "*", "percent_off": "15"},
                               {"provider": "openai", "model": "gpt-4o-mini", "percent_off": "40"}],
                 "prices": [{"provider": "deepseek", "model": "r9", "valid_from": "2026-01-01",
                   "usd_per_million_tokens": {"input": "1", "output": "2", "reasoning": "4"}, "source": "test"}]}
                """;
        Pricer withFile = new Pricer(PriceCatalogReader.read(new ByteArrayInputStream(file.getBytes(
                StandardCharsets.UTF_8)), "prices.json", PriceCatalog.bundled()));
        PricedCall gpt4o = withFile.price(call("openai", "gpt-4o", 1_000_000, 0, 0, 0, 0));
        assertEquals("2.125", Money.plain(gpt4o.costUsd()));
        assertEquals("openai/gpt-4o@2024-05-13 x0.85 15% off", gpt4o.priceRef().replaceAll("@[0-9-]+", "@2024-05-13"));
        assertEquals("0.09", Money.plain(withFile.price(call("openai", "gpt-4o-mini", 1_000_000, 0, 0, 0, 0))
                .costUsd()), "the model's own discount wins over the provider-wide one");
        long millis = LocalDate.parse("2026-11-24").atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        CallRecord reasoning = new CallRecord("e", "a", "s", millis, 10, "deepseek", "chat", "r9", null, false, 200,
                "h", UsageStatus.REPORTED, null,
                TokenCounts.of(1_000_000, 1_000_000).with(TokenKind.REASONING, 600_000L), null, null, null,
                Map.of(), null, null);
        // 1 input + 0.4 output at 2 + 0.6 reasoning at 4.
        assertEquals("4.2", Money.plain(withFile.price(reasoning).costUsd()));
    }

    @Test
    void aServiceTierTheProviderReportsIsPricedAtThatTiersPriceAndNeverGuessed() {
        long millis = LocalDate.parse("2026-11-24").atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        java.util.function.BiFunction<String, String, CallRecord> call = (model, tier) -> new CallRecord("e", "a",
                "s", millis, 10, "openai", "chat", model, null, false, 200, "h", UsageStatus.REPORTED, null,
                TokenCounts.of(1_000_000, 1_000_000), null, null, null, Map.of(), tier, null);
        PricedCall flex = pricer.price(call.apply("gpt-5", "flex"));
        assertEquals("5.625", Money.plain(flex.costUsd()));
        assertTrue(flex.priceRef().endsWith("/flex"), flex.priceRef());
        assertEquals("11.25", Money.plain(pricer.price(call.apply("gpt-5", "default")).costUsd()));
        PricedCall unknownTier = pricer.price(call.apply("gpt-4.1-nano", "flex"));
        assertNull(unknownTier.costUsd());
        assertTrue(unknownTier.costNote().contains("no flex service-tier price"), unknownTier.costNote());
    }

    @Test
    void claudeOnAVertexRegionalEndpointCostsTenPercentMoreThanOnTheGlobalOne() {
        long millis = LocalDate.parse("2026-11-24").atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        java.util.function.Function<String, CallRecord> call = host -> new CallRecord("e", "a", "s", millis, 10,
                "gcp.vertex_ai", "chat", "claude-sonnet-4-5@20250929", "claude-sonnet-4-5-20250929", false, 200, host,
                UsageStatus.REPORTED, null, TokenCounts.of(100_000, 0), null, null, null, Map.of(), null, null);
        assertEquals("0.3", Money.plain(pricer.price(call.apply("aiplatform.googleapis.com")).costUsd()));
        PricedCall regional = pricer.price(call.apply("us-east5-aiplatform.googleapis.com"));
        assertEquals("0.33", Money.plain(regional.costUsd()));
        assertTrue(regional.priceRef().endsWith("x1.10 regional endpoint"), regional.priceRef());
    }
}
