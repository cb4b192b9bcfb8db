package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.write.LedgerJson;

import static dev.llmcost.collector.read.JsonFields.text;

/** A ledger row as the priced call it records: how budgets read what was collected before them. */
final class BudgetLedger {

    private BudgetLedger() {
    }

    static PricedCall priced(JsonNode row) {
        JsonNode cost = row.get("cost_usd");
        return new PricedCall(LedgerJson.call(row), cost == null || cost.isNull() ? null : cost.decimalValue(),
                text(row, "price_ref"), text(row, "cost_note"));
    }
}
