package dev.llmcost.agent.provider.format;

import java.util.HashMap;
import java.util.Map;

/** Token counts gathered across a stream's events, by name; a count absent from an event keeps its value. */
public final class MutableCounts {

    private final Map<String, Long> counts = new HashMap<>();

    /** Sets {@code name} when {@code value} is present. */
    public void set(String name, Long value) {
        if (value != null) {
            counts.put(name, value);
        }
    }

    public Long get(String name) {
        return counts.get(name);
    }

    public long orZero(String name) {
        Long value = counts.get(name);
        return value == null ? 0 : value;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }
}
