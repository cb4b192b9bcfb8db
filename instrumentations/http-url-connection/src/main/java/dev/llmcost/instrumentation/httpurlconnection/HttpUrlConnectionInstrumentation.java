package dev.llmcost.instrumentation.httpurlconnection;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiFunction;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The streams an application reads and writes: {@code getOutputStream} (the request body, copied for the model),
 * {@code getInputStream} (the response; its failure is how an error status shows), {@code getErrorStream} (an error
 * response's body) and {@code disconnect}. Each hands the stream to {@link Connections} and returns what it gives
 * back: the stream itself for anything that is not an LLM call, else a tee around it. (The advice, inlined into
 * java.base, names only JDK types and the bridge: an error body is handed over as {@code ("error", stream)}.)
 */
final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {

    static final String CONNECTIONS = "dev.llmcost.instrumentation.httpurlconnection.Connections";

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("sun.net.www.protocol.http.HttpURLConnection");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(named("getOutputStream").and(takesArguments(0)), OutputStreamAdvice.class.getName());
        advice.applyAdvice(named("getInputStream").and(takesArguments(0)), InputStreamAdvice.class.getName());
        advice.applyAdvice(named("getErrorStream").and(takesArguments(0)), ErrorStreamAdvice.class.getName());
        advice.applyAdvice(named("disconnect").and(takesArguments(0)), DisconnectAdvice.class.getName());
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class OutputStreamAdvice {
        private OutputStreamAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void tee(@Advice.This Object connection,
                        @Advice.Return(readOnly = false) OutputStream stream) {
            Object connections = LlmcostBridge.helper(OutputStream.class, CONNECTIONS);
            if (connections != null && stream != null) {
                stream = (OutputStream) ((BiFunction<Object, Object, Object>) connections).apply(connection, stream);
            }
        }
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class InputStreamAdvice {
        private InputStreamAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void tee(@Advice.This Object connection, @Advice.Thrown Throwable thrown,
                        @Advice.Return(readOnly = false) InputStream stream) {
            Object connections = LlmcostBridge.helper(OutputStream.class, CONNECTIONS);
            if (connections != null) {
                Object result = ((BiFunction<Object, Object, Object>) connections).apply(connection,
                        thrown != null ? thrown : stream);
                if (thrown == null && result instanceof InputStream tee) {
                    stream = tee;
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class ErrorStreamAdvice {
        private ErrorStreamAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void tee(@Advice.This Object connection, @Advice.Return(readOnly = false) InputStream stream) {
            Object connections = LlmcostBridge.helper(OutputStream.class, CONNECTIONS);
            if (connections != null && stream != null) {
                Object result = ((BiFunction<Object, Object, Object>) connections).apply(connection,
                        java.util.Map.entry("error", stream));
                if (result instanceof InputStream tee) {
                    stream = tee;
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class DisconnectAdvice {
        private DisconnectAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void disconnect(@Advice.This Object connection) {
            Object connections = LlmcostBridge.helper(OutputStream.class, CONNECTIONS);
            if (connections != null) {
                ((BiFunction<Object, Object, Object>) connections).apply(connection, "disconnect");
            }
        }
    }
}
