package dev.llmcost.agent.attribution;

import java.util.Arrays;

/**
 * Who a call is for, as the application's logging context said on the thread that made it (or on the thread that
 * submitted its work). Values are {@code null} when the key was not set: the agent never invents "unknown".
 * {@code extras} line up with {@link AttributionKeys#extraKeys()}.
 */
public record Attribution(String feature, String customer, String team, String[] extras) {

    static final String[] NO_EXTRAS = new String[0];
    public static final Attribution NONE = new Attribution(null, null, null, NO_EXTRAS);

    public boolean isEmpty() {
        if (feature != null || customer != null || team != null) {
            return false;
        }
        // A loop, not a stream: this runs for every task an attributed thread submits.
        for (String value : extras) {
            if (value != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * These values over {@code carried}, key by key: what the code set itself wins, what it did not set comes from
     * where its work was submitted.
     */
    public Attribution over(Attribution carried) {
        if (this == NONE || this.equals(carried)) {
            return carried;
        }
        if (carried == NONE) {
            return this;
        }
        String[] merged = carried.extras.length > extras.length ? carried.extras.clone() : extras.clone();
        for (int i = 0; i < merged.length; i++) {
            String own = i < extras.length ? extras[i] : null;
            merged[i] = own != null ? own : i < carried.extras.length ? carried.extras[i] : null;
        }
        return new Attribution(feature != null ? feature : carried.feature,
                customer != null ? customer : carried.customer, team != null ? team : carried.team, merged);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribution that && java.util.Objects.equals(feature, that.feature)
                && java.util.Objects.equals(customer, that.customer) && java.util.Objects.equals(team, that.team)
                && Arrays.equals(extras, that.extras);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(feature, customer, team) * 31 + Arrays.hashCode(extras);
    }
}
