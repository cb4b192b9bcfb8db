package dev.llmcost.agent.extension;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One type to instrument and the advice to apply to it. Keep type matchers to names ({@code named(..)}):
 * they are checked against every class the JVM loads, and a name check needs no parsing of the class.
 */
public interface TypeInstrumentation {

    ElementMatcher<TypeDescription> typeMatcher();

    void transform(AdviceBinder advice);
}
