package dev.llmcost.collector.metrics;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.collector.aggregate.CallDimensions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dimensions that label the spend series: provider, model, feature, team and service always, and those the
 * user adds ({@code --metrics-labels customer,attributes.tier}) — each one multiplies the series, so the choice is
 * the user's. Named as rules name them ({@link CallDimensions}); a Prometheus label is the same name, with
 * {@code attributes.KEY} as {@code attr_KEY}.
 */
public final class SeriesDimensions {

    public static final List<String> DEFAULT = List.of("provider", "model", "feature", "team", "service");
    private static final String ATTRIBUTES = "attributes.";

    private final List<String> names;
    private final List<String> labelNames;

    private SeriesDimensions(List<String> names, List<String> labelNames) {
        this.names = names;
        this.labelNames = labelNames;
    }

    /** The default dimensions and {@code extra}; fails on a name that is no dimension, or one given twice. */
    public static SeriesDimensions withExtra(List<String> extra) {
        List<String> names = new ArrayList<>(DEFAULT);
        List<String> labels = new ArrayList<>(DEFAULT);
        Set<String> seen = new HashSet<>(DEFAULT);
        for (String name : extra) {
            if (!CallDimensions.known(name)) {
                throw new IllegalArgumentException("--metrics-labels: " + name + " is not a dimension (one of "
                        + String.join(", ", CallDimensions.NAMES) + ", or attributes.KEY)");
            }
            String label = labelName(name);
            if (!seen.add(label)) {
                throw new IllegalArgumentException("--metrics-labels: " + name + " is given twice, or is a default"
                        + " label (" + String.join(", ", DEFAULT) + ")"
                        + (name.startsWith(ATTRIBUTES) ? " or another attribute's label " + label : ""));
            }
            names.add(name);
            labels.add(label);
        }
        return new SeriesDimensions(List.copyOf(names), List.copyOf(labels));
    }

    /** {@code attributes.KEY} as {@code attr_KEY} (with any character a label may not hold as {@code _}). */
    static String labelName(String dimension) {
        if (!dimension.startsWith(ATTRIBUTES)) {
            return dimension;
        }
        return "attr_" + dimension.substring(ATTRIBUTES.length()).replaceAll("[^a-zA-Z0-9_]", "_");
    }

    /** The dimensions, in label order. */
    public List<String> names() {
        return names;
    }

    /** The Prometheus label of each dimension, in the same order. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** The call's value of each dimension; {@code ""} where it has none (Prometheus' empty label). */
    public List<String> values(CallRecord call) {
        String[] values = new String[names.size()];
        for (int i = 0; i < values.length; i++) {
            String value = CallDimensions.value(call, names.get(i));
            values[i] = value == null ? "" : value;
        }
        return List.of(values);
    }
}
