package dev.llmcost.collector.report;

import dev.llmcost.collector.aggregate.LargestRemainder;
import dev.llmcost.collector.read.LedgerDimensions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.price.Charge;
import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.read.LedgerCharges;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report --cache blended}: prompt caching priced fairly ("prompt amortization"). Whoever sends a prompt
 * first pays to write the cache and whoever comes next reads it cheaply, so per call the cost of the same prompt
 * depends on who came first. Here each model's input-side cost over the report's period — uncached input, cache
 * reads and cache writes together — is pooled, and every report row pays the pool's one rate per input token.
 * Output, reasoning and per-request fees stay with their calls. {@code blended-by-feature} pools per model and
 * feature instead, for features whose prompts do not share a cache.
 *
 * <p>The pool's shares are cut exactly: each is rounded down to {@link #SCALE} decimals (or the pool's own scale,
 * if finer), and the units left over go one each to the shares with the largest fractions cut off (ties by row
 * key), so the blended column adds up to the actual cost to the last digit.
 *
 * <p>Calls without usage or unpriced have no input-side cost to pool: they are left out and counted.
 */
public final class BlendedCache {

    /** Decimals a share of a pool is cut to: the report's per-call and per-token figures have as many. */
    static final int SCALE = 10;

    /** The row's figures: blended and actual cost, and what caching saved it (negative when writes cost more). */
    public record Costs(BigDecimal blendedUsd, BigDecimal actualUsd, BigDecimal cacheSavingsUsd) {
    }

    /** One pool: a model (and feature) over the period, and each row's input tokens and input-side cost in it. */
    static final class Pool {
        long inputTokens;
        BigDecimal inputCost = BigDecimal.ZERO;
        private final Map<List<String>, Member> members = new HashMap<>();

        /** The pool's rate, USD per million input tokens, as price lists quote it; {@code null} without tokens. */
        BigDecimal usdPerMillionInputTokens() {
            return inputTokens == 0 ? null : inputCost.movePointRight(6)
                    .divide(BigDecimal.valueOf(inputTokens), SCALE, RoundingMode.HALF_EVEN);
        }
    }

    private static final class Member {
        long inputTokens;
        BigDecimal inputCost = BigDecimal.ZERO;
    }

    /** What a row's pooled calls cost as billed. */
    private static final class Actual {
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal inputSide = BigDecimal.ZERO;
        BigDecimal uncachedInput = BigDecimal.ZERO;
        BigDecimal blendedInputSide = BigDecimal.ZERO;
    }

    private final String option;
    private final boolean byFeature;
    private final PriceCatalog catalog;
    private final Map<List<String>, Pool> pools = new TreeMap<>(BlendedCache::compareKeys);
    private final Map<List<String>, Actual> rows = new HashMap<>();
    private long pooledCalls;
    private long usageMissingCalls;
    private long unpricedCalls;
    private boolean allocated;

    private BlendedCache(String option, boolean byFeature, PriceCatalog catalog) {
        this.option = option;
        this.byFeature = byFeature;
        this.catalog = catalog;
    }

    /** {@code --cache blended} (pools by provider and model) or {@code blended-by-feature} (and feature). */
    public static BlendedCache forOption(String option, PriceCatalog catalog) {
        return switch (option) {
            case "blended" -> new BlendedCache(option, false, catalog);
            case "blended-by-feature" -> new BlendedCache(option, true, catalog);
            default -> throw new IllegalArgumentException("unknown --cache '" + option
                    + "' (blended, blended-by-feature)");
        };
    }

    /** The option this view was asked for: {@code blended} or {@code blended-by-feature}. */
    String option() {
        return option;
    }

    List<String> pooledBy() {
        return byFeature ? List.of("provider", "model", "feature") : List.of("provider", "model");
    }

    /** How the view prices caching, in one sentence: printed with the table and in the JSON's {@code method}. */
    String method() {
        return "blended (prompt amortization): the input-side cost (uncached input, cache reads and cache writes) of "
                + "each " + (byFeature ? "model and feature" : "model") + " over the period is pooled and every row "
                + "pays the pool's rate per input token; output, reasoning and per-request fees stay with their calls;"
                + " shares are rounded down to " + SCALE + " decimals and the remaining units go to the largest "
                + "fractions, so the blended column adds up to the actual cost exactly; cache savings = the input "
                + "tokens at the dated input price, uncached, minus the actual input-side cost";
    }

    /** Adds the ledger row of report row {@code key}. */
    void add(List<String> key, JsonNode row) {
        if (!"reported".equals(row.path("usage_status").asText())) {
            usageMissingCalls++;
            return;
        }
        JsonNode cost = row.get("cost_usd");
        if (cost == null || cost.isNull()) {
            unpricedCalls++;
            return;
        }
        LedgerCharges charges = LedgerCharges.of(catalog, row);
        BigDecimal inputSide = charges.charges().stream().filter(Charge::inputSide).map(Charge::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long inputTokens = row.path("input_tokens").asLong();
        Actual actual = rows.computeIfAbsent(key, k -> new Actual());
        actual.cost = actual.cost.add(cost.decimalValue());
        actual.inputSide = actual.inputSide.add(inputSide);
        actual.uncachedInput = actual.uncachedInput.add(charges.uncachedInputCost());
        Pool pool = pools.computeIfAbsent(poolKey(row), k -> new Pool());
        pool.inputTokens = Math.addExact(pool.inputTokens, inputTokens);
        pool.inputCost = pool.inputCost.add(inputSide);
        Member member = pool.members.computeIfAbsent(key, k -> new Member());
        member.inputTokens = Math.addExact(member.inputTokens, inputTokens);
        member.inputCost = member.inputCost.add(inputSide);
        pooledCalls++;
    }

    private List<String> poolKey(JsonNode row) {
        List<String> key = new ArrayList<>(3);
        key.add(LedgerDimensions.value(row, "provider"));
        key.add(LedgerDimensions.value(row, "model"));
        if (byFeature) {
            key.add(LedgerDimensions.value(row, "feature"));
        }
        return key;
    }

    /** Shares every pool out to its rows, once all ledger rows are in. */
    void allocate() {
        if (allocated) {
            throw new IllegalStateException("the pools are already shared out");
        }
        allocated = true;
        pools.values().forEach(this::allocate);
    }

    private void allocate(Pool pool) {
        if (pool.inputTokens == 0) {
            // No input tokens to spread a rate over (a row that reports cache tokens but no input): each keeps its own.
            pool.members.forEach((key, member) -> credit(key, member.inputCost));
            return;
        }
        // Each share in whole units of 10^-SCALE dollars (finer when the pool's cost is), adding up to the pool.
        int scale = Math.max(SCALE, pool.inputCost.scale());
        List<List<String>> keys = new ArrayList<>(pool.members.keySet());
        keys.sort(BlendedCache::compareKeys);
        List<BigDecimal> shares = LargestRemainder.split(pool.inputCost, keys.stream()
                .map(key -> BigDecimal.valueOf(pool.members.get(key).inputTokens)).toList(), scale);
        for (int i = 0; i < keys.size(); i++) {
            credit(keys.get(i), shares.get(i));
        }
    }

    private void credit(List<String> key, BigDecimal blendedInputSide) {
        Actual actual = rows.get(key);
        actual.blendedInputSide = actual.blendedInputSide.add(blendedInputSide);
    }

    /** The figures of report row {@code key}, or {@code null} when none of its calls were pooled. */
    Costs costs(List<String> key) {
        Actual actual = rows.get(key);
        return actual == null ? null : costs(actual);
    }

    /** The figures over all rows: the blended total is the actual total. */
    Costs total() {
        Actual sum = new Actual();
        for (Actual actual : rows.values()) {
            sum.cost = sum.cost.add(actual.cost);
            sum.inputSide = sum.inputSide.add(actual.inputSide);
            sum.uncachedInput = sum.uncachedInput.add(actual.uncachedInput);
            sum.blendedInputSide = sum.blendedInputSide.add(actual.blendedInputSide);
        }
        return costs(sum);
    }

    private Costs costs(Actual actual) {
        if (!allocated) {
            throw new IllegalStateException("the pools are not shared out yet");
        }
        BigDecimal blended = actual.cost.subtract(actual.inputSide).add(actual.blendedInputSide);
        return new Costs(blended, actual.cost, actual.uncachedInput.subtract(actual.inputSide));
    }

    /** The pools by key ({@link #pooledBy()}), in key order. */
    Map<List<String>, Pool> pools() {
        return pools;
    }

    long pooledCalls() {
        return pooledCalls;
    }

    long usageMissingCalls() {
        return usageMissingCalls;
    }

    long unpricedCalls() {
        return unpricedCalls;
    }

    /** Keys of the same dimensions, value by value, a missing value last. */
    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
