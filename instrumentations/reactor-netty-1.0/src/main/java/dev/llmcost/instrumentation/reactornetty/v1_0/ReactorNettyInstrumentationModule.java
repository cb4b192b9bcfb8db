package dev.llmcost.instrumentation.reactornetty.v1_0;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * Reactor Netty's {@code HttpClient} (Spring {@code WebClient}, the Azure SDK). Its calls are recorded by the
 * Netty module, on the event loop; this one only carries the attribution of the code that subscribed — the caller's
 * logging context at subscription (or at {@code block()}), and the configured keys the application put in the
 * Reactor {@code Context} — to the request the event loop writes. The generic executor hop cannot: the request is
 * written by whichever event loop the connection pool hands out, from a callback, not a submitted task.
 */
public final class ReactorNettyInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "reactor-netty-1.0";
    }

    /** {@code HttpClientConfig} was added in Reactor Netty 1.0 (0.9 configured clients through a tcp config). */
    @Override
    public String landmarkClass() {
        return "reactor.netty.http.client.HttpClientConfig";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpClientHandlerInstrumentation(), new HttpObserverInstrumentation());
    }
}
