package dev.llmcost.collector.aggregate;

import dev.llmcost.agent.queue.CallRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which calls a rule is about: each named dimension must have the given value, or any value for {@code "*"} — and
 * a {@code "*"} dimension makes one instance of the rule per value seen (one budget per customer). A call without
 * a value for a named dimension is outside the scope.
 */
public final class Scope {

    public static final String EACH = "*";

    private final Map<String, String> values;
    private final List<String> expanded;

    public Scope(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        List<String> each = new ArrayList<>();
        values.forEach((dimension, value) -> {
            if (EACH.equals(value)) {
                each.add(dimension);
            }
        });
        this.expanded = List.copyOf(each);
    }

    /** The key of the instance {@link #instanceFor} a call belongs to, without building its map; {@code null}: outside. */
    public Object keyFor(CallRecord call) {
        Object key = values;
        for (Map.Entry<String, String> wanted : values.entrySet()) {
            String actual = CallDimensions.value(call, wanted.getKey());
            if (actual == null || !EACH.equals(wanted.getValue()) && !wanted.getValue().equals(actual)) {
                return null;
            }
        }
        if (expanded.size() == 1) {
            key = CallDimensions.value(call, expanded.get(0));
        } else if (!expanded.isEmpty()) {
            List<String> each = new ArrayList<>(expanded.size());
            for (String dimension : expanded) {
                each.add(CallDimensions.value(call, dimension));
            }
            key = each;
        }
        return key;
    }

    public Map<String, String> values() {
        return values;
    }

    /**
     * The instance of the rule the call belongs to — the scope with every {@code "*"} replaced by the call's value —
     * or {@code null} when the call is outside the scope.
     */
    public Map<String, String> instanceFor(CallRecord call) {
        Map<String, String> instance = null;
        for (Map.Entry<String, String> wanted : values.entrySet()) {
            String actual = CallDimensions.value(call, wanted.getKey());
            if (actual == null || !EACH.equals(wanted.getValue()) && !wanted.getValue().equals(actual)) {
                return null;
            }
        }
        if (expanded.isEmpty()) {
            return values;
        }
        instance = new LinkedHashMap<>(values);
        for (String dimension : expanded) {
            instance.put(dimension, CallDimensions.value(call, dimension));
        }
        return instance;
    }
}
