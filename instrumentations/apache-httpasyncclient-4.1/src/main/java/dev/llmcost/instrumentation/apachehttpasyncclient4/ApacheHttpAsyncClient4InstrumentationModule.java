package dev.llmcost.instrumentation.apachehttpasyncclient4;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * Apache HttpAsyncClient 4.1+ ({@code HttpAsyncClients.*}): the non-blocking 4.x client, on httpcore-nio.
 */
public final class ApacheHttpAsyncClient4InstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "apache-httpasyncclient-4.1";
    }

    /** {@code MinimalHttpAsyncClient} (and the {@code InternalHttpAsyncClient} the builder makes) are in 4.1 and later. */
    @Override
    public String landmarkClass() {
        return "org.apache.http.impl.nio.client.MinimalHttpAsyncClient";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new AsyncClientInstrumentation());
    }
}
