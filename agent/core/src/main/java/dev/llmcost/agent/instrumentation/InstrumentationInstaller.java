package dev.llmcost.agent.instrumentation;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.agent.extension.WeakIdentityMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Installs every {@link InstrumentationModule} with Byte Buddy. Matching is by type name and, per class
 * loader, by the module's landmark class, so the cost for each class the JVM loads is a few string checks.
 */
public final class InstrumentationInstaller {

    private InstrumentationInstaller() {
    }

    public static void install(Instrumentation instrumentation, List<InstrumentationModule> modules,
                               ClassLoader agentLoader) {
        // First, so that the task classes the advice builder's own retransformation loads get their field too.
        ContextFieldInjection.install(instrumentation);
        AgentBuilder builder = QuietByteBuddy.agentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // Classes loaded while others are being retransformed (JDK classes the JDK's own code loads) would
                // otherwise be missed: look again until no new ones appear.
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(new RetransformationFailures())
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(BridgeClassFiles.withBridge())
                .with(new FailureListener())
                .ignore(nameStartsWith("net.bytebuddy.").or(nameStartsWith("dev.llmcost.")),
                        loader -> loader == agentLoader || loader instanceof HelperClassLoader);
        for (InstrumentationModule module : modules) {
            ElementMatcher<ClassLoader> loaders = module.landmarkClass() == null
                    ? any() : new LandmarkMatcher(module.landmarkClass());
            for (TypeInstrumentation type : module.typeInstrumentations()) {
                builder = builder.type(type.typeMatcher(), loaders).transform(adviceFor(type, agentLoader));
            }
        }
        builder.installOn(instrumentation);
    }

    private static AgentBuilder.Transformer adviceFor(TypeInstrumentation type, ClassLoader agentLoader) {
        AdviceCollector collector = new AdviceCollector(new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .withExceptionHandler(Advice.ExceptionHandler.Default.SUPPRESSING));
        type.transform(collector);
        return collector.transformer;
    }

    private static final class AdviceCollector implements AdviceBinder {
        private AgentBuilder.Transformer.ForAdvice transformer;

        AdviceCollector(AgentBuilder.Transformer.ForAdvice transformer) {
            this.transformer = transformer;
        }

        @Override
        public void applyAdvice(ElementMatcher<? super net.bytebuddy.description.method.MethodDescription> methods,
                                String adviceClassName) {
            transformer = transformer.advice(methods, adviceClassName);
        }
    }

    /** Matches class loaders that can see the landmark class; resolved once per loader. */
    private static final class LandmarkMatcher implements ElementMatcher<ClassLoader> {
        private final String resource;
        private final WeakIdentityMap<ClassLoader, Boolean> seen = new WeakIdentityMap<>();

        LandmarkMatcher(String landmarkClass) {
            this.resource = landmarkClass.replace('.', '/') + ".class";
        }

        @Override
        public boolean matches(ClassLoader loader) {
            ClassLoader effective = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
            return seen.computeIfAbsent(effective, candidate -> candidate.getResource(resource) != null);
        }
    }

    /**
     * Says when retransforming classes loaded before the agent (JDK classes above all) failed: the JVM refuses a
     * whole batch at once, and without this its reason would go unseen.
     */
    private static final class RetransformationFailures extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        @Override
        public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
                                                           List<Class<?>> types) {
            AgentLog.warnOnce("retransform:" + batch, "could not instrument " + batch + ", their calls will not be "
                    + "captured: " + throwable);
            return java.util.Collections.emptyList();
        }
    }

    /** Says, once per type, when instrumenting it failed: the application keeps running uninstrumented. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            AgentLog.warnOnce("instrument:" + typeName, "could not instrument " + typeName
                    + ", its calls will not be captured: " + throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader,
                                     JavaModule module, boolean loaded, DynamicType dynamicType) {
            AgentLog.debug("instrumented " + typeDescription.getName());
        }
    }
}
