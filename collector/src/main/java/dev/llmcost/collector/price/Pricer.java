package dev.llmcost.collector.price;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices one call with the entry in force on the day it was made:
 * cost = (input − cache_read − cache_write)·p_input + cache_read·p_cache_read + cache_write·p_cache_write
 * + output·p_output, in exact decimal arithmetic. Reasoning tokens are output tokens and priced as such.
 *
 * <p>The model is the one the provider says served the call; if the catalog does not know that name, the one
 * the request asked for (an alias such as {@code gpt-4o} is billed at its price). A call that neither names
 * is left unpriced — {@code cost_usd} null and a note — never $0.
 *
 * <p>A call to a named deployment the catalog maps (Azure OpenAI: the request names the deployment) is priced by
 * the model the response names, else the deployment's model, and at its deployment type's multiplier (Azure's
 * data-zone and regional deployments cost more than global ones); {@code price_ref} then says so.
 */
public final class Pricer {

    private final PriceCatalog catalog;

    public Pricer(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    public PricedCall price(CallRecord call) {
        if (call.usageStatus() != UsageStatus.REPORTED) {
            return PricedCall.unpriced(call, "no usage to price (usage_status " + call.usageStatus().wireName()
                    + ")");
        }
        LocalDate day = Instant.ofEpochMilli(call.timestampMillis()).atZone(ZoneOffset.UTC).toLocalDate();
        Optional<Deployment> deployment = catalog.deployment(call.provider(), call.requestModel());
        Optional<PriceEntry> entry = catalog.find(call.provider(), call.responseModel(), day);
        if (entry.isEmpty() && deployment.isPresent()) {
            entry = catalog.find(call.provider(), deployment.get().model(), day);
        }
        if (entry.isEmpty()) {
            entry = catalog.find(call.provider(), call.requestModel(), day);
        }
        if (entry.isEmpty()) {
            Optional<String> why = catalog.whyUnpriced(call.provider(), call.model());
            return PricedCall.unpriced(call, "no price for " + call.provider() + " model '" + call.model()
                    + "' on " + day + why.map(reason -> ": " + reason).orElse(""));
        }
        Optional<TokenPrices> tierPrices = entry.get().pricesFor(orZero(call.inputTokens()), call.serviceTier());
        if (tierPrices.isEmpty()) {
            return PricedCall.unpriced(call, "no " + call.serviceTier() + " service-tier price for " + call.provider()
                    + " model '" + call.model() + "' (" + entry.get().ref() + " prices the standard tier only)");
        }
        TokenPrices prices = tierPrices.get();
        BigDecimal cost = cost(prices, call);
        BigDecimal multiplier = BigDecimal.ONE;
        List<String> why = new ArrayList<>(2);
        if (deployment.isPresent() && deployment.get().multiplier(catalog).compareTo(BigDecimal.ONE) != 0) {
            multiplier = multiplier.multiply(deployment.get().multiplier(catalog));
            why.add(deployment.get().type());
        }
        if (entry.get().regionalEndpointMultiplier() != null && regionalEndpoint(call)) {
            multiplier = multiplier.multiply(entry.get().regionalEndpointMultiplier());
            why.add("regional endpoint");
        }
        Optional<Discount> discount = catalog.discount(entry.get());
        if (discount.isPresent()) {
            multiplier = multiplier.multiply(discount.get().multiplier());
            why.add(discount.get().percentOff().stripTrailingZeros().toPlainString() + "% off");
        }
        String ref = entry.get().ref();
        if (call.serviceTier() != null && entry.get().serviceTiers().containsKey(call.serviceTier())) {
            ref = ref + "/" + call.serviceTier();
        }
        if (!why.isEmpty()) {
            // "x<multiplier> <why>": the FOCUS export and reprice read the multiplier back from here.
            cost = cost.multiply(multiplier);
            ref = ref + " x" + multiplier.toPlainString() + " " + String.join(", ", why);
        }
        return new PricedCall(call, cost, ref, null);
    }

    /**
     * A call to one region's endpoint rather than the global one: Vertex AI's {@code us-east5-aiplatform…}
     * against {@code aiplatform.googleapis.com} (Google prices partner models 10% higher there).
     */
    private static boolean regionalEndpoint(CallRecord call) {
        String host = call.serverAddress();
        return host != null && host.endsWith("-aiplatform.googleapis.com");
    }

    static BigDecimal cost(TokenPrices prices, CallRecord call) {
        BigDecimal cost = BigDecimal.ZERO;
        for (Charge charge : Charge.of(prices, call.tokens())) {
            cost = cost.add(charge.cost());
        }
        return cost;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

}
