package dev.llmcost.instrumentation.javaconcurrent;

import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;

/**
 * The advice every hop of this module is made of: capture for a carrier where work is submitted, attach and
 * restore around the carrier's work where it runs. Each is inlined into the JDK's own method, so a task's stack
 * trace has no frame of llmcost's.
 */
final class ContextAdvice {

    private ContextAdvice() {
    }

    /** Captures for the first argument (the task submitted). */
    @SuppressWarnings("unused")
    static final class CaptureFirstArgument {
        private CaptureFirstArgument() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void capture(@Advice.Argument(0) Object task) {
            LlmcostBridge.contexts().capture(task);
        }
    }

    /** Captures for the second argument ({@code ForkJoinPool.poolSubmit(boolean, ForkJoinTask)}). */
    @SuppressWarnings("unused")
    static final class CaptureSecondArgument {
        private CaptureSecondArgument() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void capture(@Advice.Argument(1) Object task) {
            LlmcostBridge.contexts().capture(task);
        }
    }

    /**
     * Captures for {@code this} (a task forked, a thread started) on entry: once the method has run, the work may
     * already be running on another thread.
     */
    @SuppressWarnings("unused")
    static final class CaptureThis {
        private CaptureThis() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void capture(@Advice.This Object carrier) {
            LlmcostBridge.contexts().capture(carrier);
        }
    }

    /** Captures for an object its constructor just built (a pool's worker, before its thread starts). */
    @SuppressWarnings("unused")
    static final class CaptureConstructed {
        private CaptureConstructed() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void capture(@Advice.This Object carrier) {
            LlmcostBridge.contexts().capture(carrier);
        }
    }

    /** Runs {@code this} (a task) with what was captured for it in force. */
    @SuppressWarnings("unused")
    static final class AttachThis {
        private AttachThis() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object attach(@Advice.This Object task) {
            return LlmcostBridge.contexts().attach(task);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void restore(@Advice.Enter Object token) {
            LlmcostBridge.contexts().restore(token);
        }
    }
}
