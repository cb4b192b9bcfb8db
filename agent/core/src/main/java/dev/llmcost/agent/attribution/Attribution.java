package dev.llmcost.agent.attribution;

import java.util.Arrays;

/**
 * Who a call is for, as the application's logging context said on the thread that made it. Values are
 * {@code null} when the key was not set: the agent never invents "unknown". {@code extras} line up with
 * {@link AttributionKeys#extraKeys()}.
 */
public record Attribution(String feature, String customer, String team, String[] extras) {

    public static final Attribution NONE = new Attribution(null, null, null, new String[0]);

    public boolean isEmpty() {
        return feature == null && customer == null && team == null
                && Arrays.stream(extras).allMatch(value -> value == null);
    }
}
