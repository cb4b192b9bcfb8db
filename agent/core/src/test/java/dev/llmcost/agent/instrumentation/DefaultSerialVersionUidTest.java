package dev.llmcost.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.RecursiveAction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UID computed from a class file, as the agent sees a class being loaded, is the one Java serialization uses. */
class DefaultSerialVersionUidTest {

    static class Leaves extends RecursiveAction {
        final int from;
        private transient int ignored;
        private static final Object LOCK = new Object();
        static int counter;

        Leaves(int from) {
            this.from = from;
        }

        @Override
        protected void compute() {
            Runnable inner = () -> counter++;
            inner.run();
        }

        protected synchronized void helper(String[] names, long value) {
        }
    }

    public static final class PublicTask implements Runnable, Serializable, Comparable<PublicTask> {
        public volatile String name;
        protected int priority;

        public PublicTask() {
        }

        private PublicTask(String name) {
            this.name = name;
        }

        @Override
        public void run() {
        }

        @Override
        public int compareTo(PublicTask other) {
            return 0;
        }
    }

    abstract static class AbstractTask implements Runnable, Serializable {
        abstract void step();
    }

    class InnerTask implements Runnable, Serializable {
        @Override
        public void run() {
            assert from() > 0;
        }

        int from() {
            return 1;
        }
    }

    @Test
    void matchesJavaSerialization() throws Exception {
        TypePool pool = TypePool.Default.of(getClass().getClassLoader());
        for (Class<?> type : List.of(Leaves.class, PublicTask.class, AbstractTask.class, InnerTask.class,
                java.util.concurrent.atomic.AtomicLong.class, java.util.ArrayList.class)) {
            TypeDescription described = pool.describe(type.getName()).resolve();
            if (DefaultSerialVersionUid.declared(described)) {
                continue;
            }
            assertEquals(ObjectStreamClass.lookup(type).getSerialVersionUID(),
                    DefaultSerialVersionUid.of(described, hasStaticInitializer(type)), type.getName());
        }
    }

    private static boolean hasStaticInitializer(Class<?> type) throws java.io.IOException {
        try (java.io.InputStream in = type.getClassLoader() == null
                ? ClassLoader.getSystemResourceAsStream(type.getName().replace('.', '/') + ".class")
                : type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            boolean[] seen = {false};
            new net.bytebuddy.jar.asm.ClassReader(in).accept(new net.bytebuddy.jar.asm.ClassVisitor(
                    net.bytebuddy.jar.asm.Opcodes.ASM9) {
                @Override
                public net.bytebuddy.jar.asm.MethodVisitor visitMethod(int access, String name, String descriptor,
                                                                       String signature, String[] exceptions) {
                    seen[0] |= name.equals("<clinit>");
                    return null;
                }
            }, net.bytebuddy.jar.asm.ClassReader.SKIP_CODE);
            return seen[0];
        }
    }

    @Test
    void seesADeclaredUid() {
        TypePool pool = TypePool.Default.of(getClass().getClassLoader());
        assertTrue(DefaultSerialVersionUid.declared(pool.describe("java.util.ArrayList").resolve()));
        assertFalse(DefaultSerialVersionUid.declared(pool.describe(Leaves.class.getName()).resolve()));
    }
}
