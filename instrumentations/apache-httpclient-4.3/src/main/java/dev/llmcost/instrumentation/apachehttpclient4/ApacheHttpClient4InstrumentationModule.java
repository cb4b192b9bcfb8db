package dev.llmcost.instrumentation.apachehttpclient4;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * Apache HttpClient 4 classic: {@code HttpClients.*} (4.3+), the deprecated {@code DefaultHttpClient}, and the AWS
 * SDK's default synchronous transport (whose calls are left to the SDK's own hook).
 */
public final class ApacheHttpClient4InstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "apache-httpclient-4.3";
    }

    /** {@code InternalHttpClient}, the client every 4.x builder makes, was added in 4.3. */
    @Override
    public String landmarkClass() {
        return "org.apache.http.impl.client.InternalHttpClient";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ClassicClientInstrumentation());
    }
}
