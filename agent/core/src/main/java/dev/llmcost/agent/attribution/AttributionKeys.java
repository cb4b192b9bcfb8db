package dev.llmcost.agent.attribution;

import dev.llmcost.agent.config.AgentConfig;

import java.util.List;

/** The logging-context keys that carry attribution, as configured ({@code llmcost.attribute.*}). */
public record AttributionKeys(String feature, String customer, String team, List<String> extraKeys) {

    public static AttributionKeys from(AgentConfig config) {
        return new AttributionKeys(config.featureKey(), config.customerKey(), config.teamKey(),
                config.extraKeys());
    }
}
