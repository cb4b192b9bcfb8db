package dev.llmcost.collector.price;

import java.math.BigDecimal;

/**
 * A named deployment of a model (Azure OpenAI): requests name the deployment, not the model. {@code model} prices
 * the calls whose response does not say which model served them; {@code type} ("global", "data_zone",
 * "regional") selects the deployment type's price multiplier, since Azure prices data-zone and regional
 * deployments above global ones.
 */
public record Deployment(String provider, String deployment, String model, String type, int line) {

    /** The multiplier of {@code type}: Azure's data-zone and regional prices are a fixed step above global. */
    BigDecimal multiplier(PriceCatalog catalog) {
        return catalog.deploymentTypeMultiplier(provider, type);
    }
}
