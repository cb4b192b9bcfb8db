package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.allocate.AllocatedPart;
import dev.llmcost.collector.allocate.CostAllocation;
import dev.llmcost.collector.allocate.SharedCost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FOCUS rows of shared costs ({@code focus --costs}): one per cost and receiving value, as FOCUS 1.3's
 * data generator-calculated split cost allocation. AllocatedMethodId names the rule ({@code llmcost-shared-tokens}),
 * AllocatedMethodDetails carries the ratio and the basis it came from, AllocatedResourceId/Name and AllocatedTags
 * the value that received it. The part left unallocated (no basis in its period) has the allocation method but
 * no allocated resource or tags, as the spec asks of an unallocated portion.
 */
final class SharedCostFocusRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedCostFocusRows() {
    }

    /** Column → cell, for the columns these rows fill (the rest are empty). */
    static List<Map<String, String>> of(CostAllocation allocation, String billingAccount) {
        return allocation.parts().stream().map(part -> row(allocation, part, billingAccount)).toList();
    }

    private static Map<String, String> row(CostAllocation allocation, AllocatedPart part, String billingAccount) {
        SharedCost cost = allocation.cost();
        String amount = Money.plain(part.amountUsd());
        Map<String, String> cells = new HashMap<>();
        for (String column : List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ListUnitPrice",
                "ContractedUnitPrice")) {
            cells.put(column, amount); // PricingQuantity 1: ListCost = ListUnitPrice × PricingQuantity holds
        }
        cells.put("BillingAccountId", billingAccount);
        cells.put("BillingAccountName", billingAccount);
        cells.put("BillingAccountType", "LLM API account");
        cells.put("BillingCurrency", "USD");
        cells.put("PricingCurrency", "USD");
        cells.put("BillingPeriodStart", instant(cost.period().first().withDayOfMonth(1)));
        cells.put("BillingPeriodEnd", instant(cost.period().last().withDayOfMonth(1).plusMonths(1)));
        cells.put("ChargePeriodStart", instant(cost.period().first()));
        cells.put("ChargePeriodEnd", instant(cost.period().last().plusDays(1)));
        cells.put("ChargeCategory", "Usage");
        cells.put("ChargeFrequency", "Recurring");
        cells.put("ChargeDescription", cost.name() + " shared cost (" + cost.period() + ") " + (allocation
                .isUnallocated() ? "unallocated: " + allocation.unallocatedReason()
                : "allocated to " + cost.to() + " " + (part.value() == null ? "(none)" : part.value()) + " by "
                + cost.rule().id()));
        cells.put("ConsumedQuantity", Money.plain(part.basis()));
        cells.put("ConsumedUnit", cost.rule().unit());
        cells.put("PricingQuantity", "1");
        cells.put("PricingUnit", "Allocation");
        cells.put("PricingCategory", "Standard");
        // Who bills a shared cost is not in the costs file: its name stands for provider and service.
        cells.put("InvoiceIssuerName", cost.name());
        cells.put("ProviderName", cost.name());
        cells.put("PublisherName", cost.name());
        cells.put("ServiceName", cost.name());
        cells.put("ServiceCategory", "Other");
        cells.put("ServiceSubcategory", "Other");
        cells.put("SkuId", "shared/" + cost.name());
        cells.put("SkuPriceId", "shared/" + cost.name() + "/" + cost.period());
        cells.put("Tags", "{}");
        cells.put("AllocatedMethodId", "llmcost-shared-" + cost.rule().id());
        cells.put("AllocatedMethodDetails", methodDetails(allocation, part));
        if (!allocation.isUnallocated()) {
            // The calls without the value received a part too: their resource is the dimension with no value.
            cells.put("AllocatedResourceId", cost.to() + "/" + (part.value() == null ? "" : part.value()));
            cells.put("AllocatedResourceName", part.value() == null ? "" : part.value());
            ObjectNode tags = JSON.createObjectNode();
            if (part.value() != null) {
                tags.put(cost.to(), part.value());
            }
            cells.put("AllocatedTags", tags.toString());
        }
        return cells;
    }

    /** FOCUS's AllocatedMethodDetails object: {@code Elements} with the ratio and its basis, and x_ keys of ours. */
    private static String methodDetails(CostAllocation allocation, AllocatedPart part) {
        ObjectNode details = JSON.createObjectNode();
        ObjectNode element = details.putArray("Elements").addObject();
        element.put("AllocatedRatio", plainNumber(part.share()));
        if (!allocation.isUnallocated()) {
            element.put("UsageUnit", allocation.cost().rule().unit());
            element.put("UsageQuantity", plainNumber(part.basis()));
        }
        SharedCost cost = allocation.cost();
        details.put("x_SharedCost", cost.name());
        details.put("x_Period", cost.period().label());
        details.put("x_AmountUsd", plainNumber(cost.amountUsd()));
        details.put("x_AllocatedTo", cost.to());
        if (!cost.scope().isEmpty()) {
            ObjectNode scope = details.putObject("x_Scope");
            new TreeMap<>(cost.scope()).forEach(scope::put);
        }
        if (allocation.isUnallocated()) {
            details.put("x_Unallocated", allocation.unallocatedReason());
        }
        return details.toString();
    }

    /** Never in exponent form, as every amount the collector writes. */
    private static BigDecimal plainNumber(BigDecimal value) {
        return new BigDecimal(Money.plain(value));
    }

    private static String instant(LocalDate day) {
        return day + "T00:00:00Z";
    }
}
