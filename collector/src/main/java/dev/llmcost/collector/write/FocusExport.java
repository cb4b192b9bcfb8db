package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.price.Charge;
import dev.llmcost.collector.price.PriceCatalog;

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
    private static final Map<String, String[]> PROVIDERS = Map.ofEntries(
            // gen_ai.provider.name -> {invoice issuer, service}
            Map.entry("openai", new String[] {"OpenAI", "OpenAI API"}),
            Map.entry("azure.ai.openai", new String[] {"Microsoft", "Azure OpenAI"}),
            Map.entry("anthropic", new String[] {"Anthropic", "Claude API"}),
            Map.entry("aws.bedrock", new String[] {"Amazon Web Services", "Amazon Bedrock"}),
            Map.entry("gcp.gemini", new String[] {"Google", "Gemini API"}),
            Map.entry("gcp.vertex_ai", new String[] {"Google Cloud", "Vertex AI"}),
            Map.entry("mistral_ai", new String[] {"Mistral AI", "Mistral API"}),
            Map.entry("cohere", new String[] {"Cohere", "Cohere API"}),
            Map.entry("groq", new String[] {"Groq", "GroqCloud"}),
            Map.entry("deepseek", new String[] {"DeepSeek", "DeepSeek API"}),
            Map.entry("x_ai", new String[] {"xAI", "xAI API"}));

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
        Optional<PriceCatalog.PriceRef> entry = catalog.byRef(priceRef);
        if (entry.isEmpty()) {
            throw new IllegalStateException("the ledger row " + row.path("event_id").asText() + " was priced by "
                    + priceRef + ", which the price catalog no longer has (pass the --prices file it was collected"
                    + " with)");
        }
        long input = row.path("input_tokens").asLong();
        List<Charge> charges = Charge.of(entry.get().prices(input), input,
                row.path("output_tokens").asLong(), row.path("cache_read_tokens").asLong(),
                row.path("cache_write_tokens").asLong(), row.path("cache_write_1h_tokens").asLong(),
                row.path("reasoning_tokens").asLong());
        String model = text(row, "response_model") != null ? text(row, "response_model") : text(row, "request_model");
        String day = row.path("timestamp").asText().substring(0, 10);
        String tags = tags(row);
        for (Charge base : charges) {
            Charge charge = base.times(entry.get().multiplier());
            Sum sum = rows.computeIfAbsent(new Key(day, text(row, "provider"), model, priceRef, charge.tokenType(),
                    charge.usdPerMillion(), text(row, "service"), tags), k -> new Sum());
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
        String[] provider = PROVIDERS.getOrDefault(key.provider(), new String[] {key.provider(), key.provider()});
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
        cells.add(provider[0]);                                 // InvoiceIssuerName
        cells.add(cost);                                        // ListCost
        cells.add(unitPrice);                                   // ListUnitPrice
        cells.add("Standard");                                  // PricingCategory
        cells.add("USD");                                       // PricingCurrency
        cells.add(Money.plain(requests ? BigDecimal.valueOf(sum.tokens)
                : BigDecimal.valueOf(sum.tokens).movePointLeft(6))); // PricingQuantity
        cells.add(requests ? "Requests" : "1M Tokens");         // PricingUnit
        cells.add(provider[0]);                                 // ProviderName
        cells.add(publisher(key.model(), provider[0]));         // PublisherName
        cells.add("AI and Machine Learning");                   // ServiceCategory
        cells.add(provider[1]);                                 // ServiceName
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
            return "Anthropic";
        }
        if (name.contains("amazon.") || name.contains("nova")) {
            return "Amazon";
        }
        if (name.contains("meta.") || name.contains("llama")) {
            return "Meta";
        }
        if (name.contains("mistral.")) {
            return "Mistral AI";
        }
        if (name.contains("cohere.")) {
            return "Cohere";
        }
        if (name.startsWith("gemini")) {
            return "Google";
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
