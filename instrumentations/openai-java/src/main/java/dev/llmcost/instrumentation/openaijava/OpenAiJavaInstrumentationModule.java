package dev.llmcost.instrumentation.openaijava;

import dev.llmcost.agent.extension.CallerHandoff;
import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * The openai-java SDK's async client. Its calls are captured by the OkHttp instrumentation like every other; this
 * module only carries the caller's attribution across the thread hop the SDK makes before OkHttp sees the call
 * (it prepares the request on the caller's thread, then sends it from {@code ForkJoinPool.commonPool()}).
 */
public final class OpenAiJavaInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "openai-java";
    }

    /** {@code RetryingHttpClient}, through which every call goes, is in every release of the SDK's core. */
    @Override
    public String landmarkClass() {
        return "com.openai.core.http.RetryingHttpClient";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        // The request is prepared on the caller's thread (prepareAsync returns it completed); executeAsync, on the
        // pool thread, enqueues the OkHttp call before it returns.
        return List.of(CallerHandoff.rememberCallerForFutureResult("com.openai.core.PrepareRequest", "prepareAsync"),
                CallerHandoff.adoptCallerForFirstArgument("com.openai.core.http.RetryingHttpClient", "executeAsync", 2));
    }
}
