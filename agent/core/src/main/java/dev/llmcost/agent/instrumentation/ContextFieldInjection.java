package dev.llmcost.agent.instrumentation;

import dev.llmcost.agent.log.AgentLog;
import dev.llmcost.bridge.ContextCarrier;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.FieldPersistence;
import net.bytebuddy.description.modifier.SyntheticState;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

import java.io.Serializable;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;

import static net.bytebuddy.matcher.ElementMatchers.isAnnotation;
import static net.bytebuddy.matcher.ElementMatchers.isEnum;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isRecord;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Gives the JDK's task classes loaded after the agent starts — the {@link Runnable}s, {@link Callable}s and
 * {@link ForkJoinTask}s of {@code java.util.concurrent} ({@code FutureTask} behind every {@code submit},
 * {@code CompletableFuture}'s stages, {@code ForkJoinPool}'s adapters, {@code RecursiveAction},
 * {@code RecursiveTask}, {@code CountedCompleter}) and {@code TimerTask} — a field for the attribution captured
 * when an instance is submitted ({@link ContextCarrier}); the application's subclasses of them inherit it.
 * Carrying it is then a field write and read rather than an entry in a weak identity map, which is what made the
 * attributed hop cost several times OpenTelemetry's. Lambdas, the application's own {@code Runnable} classes and
 * classes loaded before the agent keep the map.
 *
 * <p>Why not every task class, as OpenTelemetry does: telling whether a class is a task means reading its super
 * types' class files, for every class the JVM loads, which cost about a second of start-up here (`OverheadHarness`,
 * start to first call); matching the two JDK packages by name costs nothing measurable.
 *
 * <p>Adding members is a class format change, so this is its own transformer that only sees classes as they
 * load (never retransforms); the JVM replays its output when another agent retransforms the class. A
 * {@code Serializable} class without a declared serial version UID is given the one Java computes for it without
 * the agent, so serialized tasks stay compatible.
 */
final class ContextFieldInjection {

    private static final String FIELD = "llmcost$context";

    private ContextFieldInjection() {
    }

    static void install(Instrumentation instrumentation) {
        Module bridge = ContextCarrier.class.getModule();
        QuietByteBuddy.agentBuilder()
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                // Nothing to initialize: without this Byte Buddy gives every class a static initializer.
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(BridgeClassFiles.withBridge())
                .with(new InjectionLog())
                .ignore(not(nameStartsWith("java.util.concurrent.").or(named("java.util.TimerTask"))))
                .type(new ReadsBridge(bridge, taskClass()))
                .transform(ContextFieldInjection::inject)
                .installOn(instrumentation);
    }

    private static ElementMatcher.Junction<TypeDescription> taskClass() {
        return not(isInterface()).and(not(isAnnotation())).and(not(isEnum())).and(not(isRecord()))
                .and(isSubTypeOf(Runnable.class).or(isSubTypeOf(Callable.class)).or(isSubTypeOf(ForkJoinTask.class)))
                // A thread carries what it was started with by itself; its class layout is the JVM's business.
                .and(not(isSubTypeOf(Thread.class)))
                .and(not(isSubTypeOf(ContextCarrier.class)));
    }

    private static DynamicType.Builder<?> inject(DynamicType.Builder<?> builder, TypeDescription type,
                                                 ClassLoader loader, JavaModule module,
                                                 ProtectionDomain protectionDomain) {
        try {
            if (type.isAssignableTo(Serializable.class) && !DefaultSerialVersionUid.declared(type)) {
                builder = builder.visit(new DeclareSerialVersionUid(type));
            }
            return builder.implement(ContextCarrier.class)
                    .defineField(FIELD, Object.class, Visibility.PRIVATE, FieldManifestation.PLAIN,
                            FieldPersistence.TRANSIENT, SyntheticState.SYNTHETIC)
                    .method(named(FIELD)).intercept(FieldAccessor.ofField(FIELD));
        } catch (Throwable unexpected) {
            AgentLog.debug("no context field for " + type.getName() + ": " + unexpected);
            return builder;
        }
    }

    /**
     * Declares the serial version UID the class has without the agent. Written from the class file as it goes by,
     * because whether it has a static initializer (part of the UID) is only there.
     */
    private static final class DeclareSerialVersionUid extends AsmVisitorWrapper.AbstractBase {
        private final TypeDescription type;

        DeclareSerialVersionUid(TypeDescription type) {
            this.type = type;
        }

        @Override
        public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                                 Implementation.Context implementationContext, TypePool typePool,
                                 FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                                 int writerFlags, int readerFlags) {
            return new ClassVisitor(Opcodes.ASM9, classVisitor) {
                private boolean staticInitializer;

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    staticInitializer |= name.equals("<clinit>");
                    return super.visitMethod(access, name, descriptor, signature, exceptions);
                }

                @Override
                public void visitEnd() {
                    try {
                        long uid = DefaultSerialVersionUid.of(type, staticInitializer);
                        FieldVisitor field = super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC
                                | Opcodes.ACC_FINAL, "serialVersionUID", "J", null, uid);
                        if (field != null) {
                            field.visitEnd();
                        }
                    } catch (Exception unexpected) {
                        throw new IllegalStateException("cannot compute the serial version UID", unexpected);
                    }
                    super.visitEnd();
                }
            };
        }
    }

    /** Only a class whose module can read the bridge's may implement {@link ContextCarrier}: else it fails to load. */
    private static final class ReadsBridge implements AgentBuilder.RawMatcher {
        private final Module bridge;
        private final ElementMatcher<TypeDescription> types;

        ReadsBridge(Module bridge, ElementMatcher<TypeDescription> types) {
            this.bridge = bridge;
            this.types = types;
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> beingRedefined,
                               ProtectionDomain protectionDomain) {
            if (beingRedefined != null) {
                // another agent's redefineClasses: a loaded class's members cannot change
                return false;
            }
            if (module != null && module.isNamed() && !((Module) module.unwrap()).canRead(bridge)) {
                return false;
            }
            try {
                return types.matches(type);
            } catch (Throwable unresolvable) {
                // a super type the pool cannot find: the class keeps the map
                AgentLog.debug("no context field for " + type.getName() + ": " + unresolvable);
                return false;
            }
        }
    }

    /** Which classes got the field, and why one did not, for {@code debug=true}: a class without it keeps the map. */
    private static final class InjectionLog extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader,
                                     JavaModule module, boolean loaded, DynamicType dynamicType) {
            AgentLog.debug("context field in " + typeDescription.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            AgentLog.debug("no context field for " + typeName + ": " + throwable);
        }
    }
}
