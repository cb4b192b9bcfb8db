package dev.llmcost.instrumentation.okhttp;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * OkHttp 4.x and 5.x (5.x ships its classes in the {@code okhttp-jvm} artifact). Every client gets one
 * application interceptor, {@link LlmcostInterceptor}, which sees each call — sync or async, from the app or
 * from an SDK built on OkHttp (openai-java, anthropic-java, google-genai) — with its decoded body.
 */
public final class OkHttpInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "okhttp";
    }

    /**
     * {@code okhttp3.EventListener} was added in OkHttp 3.9.0, together with {@code Interceptor.Chain.call()},
     * which the interceptor needs to find an asynchronous call's caller.
     */
    @Override
    public String landmarkClass() {
        return "okhttp3.EventListener";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new OkHttpClientInstrumentation(), new RealCallInstrumentation());
    }
}
