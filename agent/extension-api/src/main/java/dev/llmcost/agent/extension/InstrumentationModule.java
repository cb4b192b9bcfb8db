package dev.llmcost.agent.extension;


import java.util.List;

/**
 * One instrumented library: {@code instrumentations/<library>/} holds exactly one of these, listed in
 * {@code META-INF/services}. The shape is the same for every library: a name, a landmark class that proves a
 * supported version is present, and a few {@link TypeInstrumentation}s, each pairing one type matcher with
 * named advice. Advice classes only reference the library, the JDK and {@code dev.llmcost.bridge}; anything
 * that needs more lives in helper classes, which the agent loads next to the library (see
 * {@code LlmcostBridge.helper}).
 */
public interface InstrumentationModule {

    /** Short library name, as used in logs and the README ("okhttp", "jdk-httpclient"). */
    String name();

    /**
     * A class whose presence in a class loader proves the supported version of the library is there (its
     * javadoc says which version added it), or {@code null} for JDK modules, which are always present.
     */
    String landmarkClass();

    List<TypeInstrumentation> typeInstrumentations();

    /** Grants the module access it needs to JDK internals before anything is transformed. */
    default void prepare(JvmAccess jvm) {
    }
}
