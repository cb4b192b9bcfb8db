package dev.llmcost.bridge;

/** Creates (once per class loader) the helper objects that instrumented code hands work to. */
public interface HelperFactory {

    /** Never throws; returns {@code null} when the helper cannot be created for this loader. */
    Object helperFor(Class<?> anchor, String helperClassName);
}
