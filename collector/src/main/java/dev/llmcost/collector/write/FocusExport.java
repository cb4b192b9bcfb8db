package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.schema.Provider;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.price.Charge;
import dev.llmcost.collector.price.PriceCatalog;
import dev.llmcost.collector.read.LedgerCharges;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.llmcost.collector.read.JsonFields.text;

/**
 * The ledger as a FOCUS 1.2 cost-and-usage dataset (with the 1.3 allocation columns): one row per charge day ×
 * provider × model × token type × unit price × attribution, quantities in tokens. Each ledger row is split into
 * the charges its price entry made of it ({@code price_ref}), so the export adds up to the ledger to the last
 * digit and ListCost = ListUnitPrice × PricingQuantity holds on every row. Unpriced calls cannot be costed and
 * are left out (and counted). Shared costs ({@code --costs}) follow as rows of their own, see
 * {@link SharedCostFocusRows}.
 */
public final class FocusExport {

    public static final List<String> COLUMNS = List.of(
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
            "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit",
            "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
            "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingQuantity", "PricingUnit", "ProviderName",
            "PublisherName", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuPriceId",
            "SubAccountId", "SubAccountName", "Tags", "AllocatedMethodId", "AllocatedMethodDetails",
            "AllocatedResourceId", "AllocatedResourceName", "AllocatedTags", "x_Model", "x_TokenType", "x_Calls",
            "x_PriceRef");

    private static final ObjectMapper JSON = new ObjectMapper();
    private record Key(String day, String provider, String model, String priceRef, String tokenType,
                       BigDecimal usdPerMillion, String service, String tags) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            return toString().compareTo(other.toString());
        }
    }

    private static final class Sum {
        long tokens;
        long calls;
        BigDecimal cost = BigDecimal.ZERO;
    }

    private final PriceCatalog catalog;
    private final String billingAccount;
    private final Map<Key, Sum> rows = new TreeMap<>();
    private BigDecimal ledgerCost = BigDecimal.ZERO;
    private long unpricedCalls;
    /** Shared-cost rows ({@code --costs}), written after the ledger's, column → cell. */
    private final List<Map<String, String>> sharedRows = new ArrayList<>();
    private BigDecimal sharedCost = BigDecimal.ZERO;

    public FocusExport(PriceCatalog catalog, String billingAccount) {
        this.catalog = catalog;
        this.billingAccount = billingAccount;
    }

    /** Adds one ledger row. A row whose {@code price_ref} the catalog no longer has is an error, not a guess. */
    public void add(JsonNode row) {
        JsonNode cost = row.get("cost_usd");
        if (cost == null || cost.isNull()) {
            if ("reported".equals(row.path("usage_status").asText())) {
                unpricedCalls++;
            }
            return;
        }
        String priceRef = row.path("price_ref").asText();
        CallRecord call = LedgerJson.call(row);
        List<Charge> charges = LedgerCharges.of(catalog, row).charges();
        String model = call.model();
        String day = row.path("timestamp").asText().substring(0, 10);
        String tags = tags(row);
        for (Charge charge : charges) {
            Sum sum = rows.computeIfAbsent(new Key(day, call.provider(), model, priceRef, charge.tokenType(),
                    charge.usdPerMillion(), call.service(), tags), k -> new Sum());
            sum.tokens += charge.tokens();
            sum.calls++;
            sum.cost = sum.cost.add(charge.cost());
        }
        ledgerCost = ledgerCost.add(cost.decimalValue());
    }

    /** Adds the rows of shared costs split by {@code allocate}: one per cost and receiving value. */
    public void addSharedCosts(List<CostAllocation> allocations) {
        for (CostAllocation allocation : allocations) {
            sharedRows.addAll(SharedCostFocusRows.of(allocation, billingAccount));
            sharedCost = sharedCost.add(allocation.cost().amountUsd());
        }
    }

    public int sharedRowCount() {
        return sharedRows.size();
    }

    /** The shared costs added: their rows' ListCost adds up to exactly this. */
    public BigDecimal sharedCost() {
        return sharedCost;
    }

    public long unpricedCalls() {
        return unpricedCalls;
    }

    /** What the ledger rows added say they cost: the export's ListCost adds up to exactly this. */
    public BigDecimal ledgerCost() {
        return ledgerCost;
    }

    public int rowCount() {
        return rows.size();
    }

    public String csv() {
        StringBuilder csv = new StringBuilder(Csv.line(COLUMNS));
        rows.forEach((key, sum) -> csv.append(Csv.line(row(key, sum))));
        sharedRows.forEach(cells -> csv.append(Csv.line(COLUMNS.stream().map(column -> cells.getOrDefault(column,
                "")).toList())));
        return csv.toString();
    }

    private List<String> row(Key key, Sum sum) {
        LocalDate day = LocalDate.parse(key.day());
        LocalDate month = day.withDayOfMonth(1);
        Optional<Provider> known = Provider.byId(key.provider());
        String providerName = known.map(Provider::focusProviderName).orElse(key.provider());
        String serviceName = known.map(Provider::focusServiceName).orElse(key.provider());
        String cost = Money.plain(sum.cost);
        String unitPrice = Money.plain(key.usdPerMillion());
        String tokenLabel = key.tokenType().equals(Charge.REQUEST) ? "requests"
                : key.tokenType().replace('_', ' ') + " tokens";
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(cost);                                        // BilledCost
        cells.add(billingAccount);                              // BillingAccountId
        cells.add(billingAccount);                              // BillingAccountName
        cells.add("LLM API account");                           // BillingAccountType
        cells.add("USD");                                       // BillingCurrency
        cells.add(instant(month.plusMonths(1)));                // BillingPeriodEnd (exclusive)
        cells.add(instant(month));                              // BillingPeriodStart
        cells.add("Usage");                                     // ChargeCategory
        cells.add("");                                          // ChargeClass (not a correction)
        cells.add(key.model() + " " + tokenLabel);              // ChargeDescription
        cells.add("Usage-Based");                               // ChargeFrequency
        cells.add(instant(day.plusDays(1)));                    // ChargePeriodEnd (exclusive)
        cells.add(instant(day));                                // ChargePeriodStart
        cells.add(Long.toString(sum.tokens));                   // ConsumedQuantity
        boolean requests = key.tokenType().equals(Charge.REQUEST);
        cells.add(requests ? "Requests" : "Tokens");            // ConsumedUnit
        cells.add(cost);                                        // ContractedCost
        cells.add(unitPrice);                                   // ContractedUnitPrice
        cells.add(cost);                                        // EffectiveCost
        cells.add(providerName);                                // InvoiceIssuerName
        cells.add(cost);                                        // ListCost
        cells.add(unitPrice);                                   // ListUnitPrice
        cells.add("Standard");                                  // PricingCategory
        cells.add("USD");                                       // PricingCurrency
        cells.add(Money.plain(requests ? BigDecimal.valueOf(sum.tokens)
                : BigDecimal.valueOf(sum.tokens).movePointLeft(6))); // PricingQuantity
        cells.add(requests ? "Requests" : "1M Tokens");         // PricingUnit
        cells.add(providerName);                                // ProviderName
        cells.add(publisher(key.model(), providerName));       // PublisherName
        cells.add("AI and Machine Learning");                   // ServiceCategory
        cells.add(serviceName);                                 // ServiceName
        cells.add("Generative AI");                             // ServiceSubcategory
        cells.add(key.provider() + "/" + key.model() + "/" + key.tokenType()); // SkuId
        cells.add(key.priceRef() + "/" + key.tokenType());      // SkuPriceId
        cells.add(nullToEmpty(key.service()));                  // SubAccountId
        cells.add(nullToEmpty(key.service()));                  // SubAccountName
        cells.add(key.tags());                                  // Tags
        cells.add("llmcost-attribution");                       // AllocatedMethodId
        cells.add("{\"source\":\"the calling thread's attribution (llmcost-api, MDC, ThreadContext, OpenTelemetry Baggage) at the time of the call; environment from the agent's setting\"}");
        cells.add("");                                          // AllocatedResourceId (no split cost)
        cells.add("");                                          // AllocatedResourceName
        cells.add(key.tags());                                  // AllocatedTags
        cells.add(key.model());                                 // x_Model
        cells.add(key.tokenType());                             // x_TokenType
        cells.add(Long.toString(sum.calls));                    // x_Calls
        cells.add(key.priceRef());                              // x_PriceRef
        return cells;
    }

    /** FOCUS tags: the attribution the agent read and its environment, as a JSON object of the keys that were set. */
    private static String tags(JsonNode row) {
        ObjectNode tags = JSON.createObjectNode();
        for (String key : List.of("feature", "customer", "team", "environment")) {
            String value = text(row, key);
            if (value != null) {
                tags.put(key, value);
            }
        }
        return tags.toString();
    }

    /** Who made the model: on Bedrock and Vertex, the model's vendor, not the platform. */
    private static String publisher(String model, String provider) {
        String name = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
        if (name.contains("anthropic") || name.startsWith("claude")) {
            return Provider.ANTHROPIC.focusProviderName();
        }
        if (name.contains("amazon.") || name.contains("nova")) {
            return "Amazon";
        }
        if (name.contains("meta.") || name.contains("llama")) {
            return "Meta";
        }
        if (name.contains("mistral.")) {
            return Provider.MISTRAL_AI.focusProviderName();
        }
        if (name.contains("cohere.")) {
            return Provider.COHERE.focusProviderName();
        }
        if (name.startsWith("gemini")) {
            return Provider.GCP_GEMINI.focusProviderName();
        }
        return provider;
    }

    private static String instant(LocalDate day) {
        return day + "T00:00:00Z";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
