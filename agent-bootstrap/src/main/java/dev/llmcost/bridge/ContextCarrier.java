package dev.llmcost.bridge;

/**
 * A task class the agent gave a field of its own for the attribution captured when an instance is submitted (as
 * OpenTelemetry's {@code VirtualField} does), so that carrying it costs a field write and read instead of an
 * entry in a weak identity map. Added only to classes loaded after the agent starts; the field is private,
 * transient and synthetic, and the application never sees these methods.
 */
public interface ContextCarrier {

    /** What was captured for this task, or {@code null}. */
    Object llmcost$context();

    void llmcost$context(Object context);
}
