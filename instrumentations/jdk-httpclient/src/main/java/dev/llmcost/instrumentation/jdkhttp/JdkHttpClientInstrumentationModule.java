package dev.llmcost.instrumentation.jdkhttp;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.agent.extension.JvmAccess;

import java.util.List;
import java.util.Set;

/**
 * {@code java.net.http.HttpClient}, Java 11 and later. Every way of sending — {@code send}, and both
 * {@code sendAsync} — runs through one private method of {@code jdk.internal.net.http.HttpClientImpl}, whose
 * body handler is wrapped so that the response is copied as the application's own subscriber receives it.
 */
public final class JdkHttpClientInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "jdk-httpclient";
    }

    /** Part of the JDK: always present. */
    @Override
    public String landmarkClass() {
        return null;
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientImplInstrumentation(), new RequestBodySubscriberInstrumentation());
    }

    /**
     * Advice inlined into {@code java.net.http} must be able to read the bridge, and the helpers read the
     * request body publisher's bytes and implement {@code ResponseSubscribers.TrustedSubscriber}, both
     * internal to the module.
     */
    @Override
    public void prepare(JvmAccess jvm) {
        jvm.openToAgent("java.net.http", Set.of("jdk.internal.net.http"));
        jvm.letReadBridge("java.net.http");
    }
}
