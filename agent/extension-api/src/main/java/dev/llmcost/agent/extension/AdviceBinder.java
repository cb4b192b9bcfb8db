package dev.llmcost.agent.extension;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Binds advice classes, by name, to the methods of an instrumented type. */
public interface AdviceBinder {

    /**
     * Applies the advice class named {@code adviceClassName} to the methods matched. The advice is inlined:
     * its methods must be static, annotated {@code @Advice.OnMethodEnter/Exit(suppress = Throwable.class)}, and
     * must name only classes that the instrumented type's class loader can see.
     */
    void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName);
}
