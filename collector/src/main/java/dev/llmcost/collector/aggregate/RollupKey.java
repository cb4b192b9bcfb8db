package dev.llmcost.collector.aggregate;

import java.time.LocalDate;
import java.util.Comparator;

/** One rollup row's identity: day × provider × model × feature × customer × team × environment (nulls allowed). */
public record RollupKey(LocalDate day, String provider, String model, String feature, String customer, String team,
                        String environment)
        implements Comparable<RollupKey> {

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::day)
            .thenComparing(RollupKey::provider, NULLS_FIRST)
            .thenComparing(RollupKey::model, NULLS_FIRST)
            .thenComparing(RollupKey::feature, NULLS_FIRST)
            .thenComparing(RollupKey::customer, NULLS_FIRST)
            .thenComparing(RollupKey::team, NULLS_FIRST)
            .thenComparing(RollupKey::environment, NULLS_FIRST);

    /** A row without an environment (calls of agents that had none). */
    public RollupKey(LocalDate day, String provider, String model, String feature, String customer, String team) {
        this(day, provider, model, feature, customer, team, null);
    }

    @Override
    public int compareTo(RollupKey other) {
        return ORDER.compare(this, other);
    }
}
