package dev.llmcost.instrumentation.openaijava;

import dev.llmcost.agent.instrumentation.InstrumentationModule;
import dev.llmcost.agent.instrumentation.TypeInstrumentation;

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
        return List.of(new PrepareRequestInstrumentation(), new RetryingHttpClientInstrumentation());
    }
}
