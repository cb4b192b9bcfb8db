package dev.llmcost.collector.price;

import java.math.BigDecimal;

/**
 * A negotiated rate: {@code percentOff} off the list price of a provider's model, or of all its models
 * ({@code "model": "*"}). Applied to every kind of token, and named in {@code price_ref}.
 */
public record Discount(String provider, String model, BigDecimal percentOff, int line) {

    BigDecimal multiplier() {
        return BigDecimal.ONE.subtract(percentOff.movePointLeft(2));
    }

    boolean appliesTo(String provider, String model) {
        return this.provider.equalsIgnoreCase(provider) && ("*".equals(this.model) || this.model.equalsIgnoreCase(model));
    }
}
