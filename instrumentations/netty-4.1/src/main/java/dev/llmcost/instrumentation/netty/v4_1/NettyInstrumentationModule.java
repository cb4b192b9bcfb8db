package dev.llmcost.instrumentation.netty.v4_1;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * HTTP/1.x clients built on Netty 4.1 and 4.2 — Reactor Netty's {@code HttpClient} (so Spring's {@code WebClient}
 * and the Azure SDK's default transport), Vert.x's HTTP client, async-http-client — seen where every one of them
 * ends: the {@code HttpClientCodec} in the channel's pipeline. One handler placed right after the codec sees each
 * request the client writes and each response part the application is handed, in order, on the event loop.
 */
public final class NettyInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "netty-4.1";
    }

    /** {@code HttpHeaderValues} was added in Netty 4.1 (4.0 had {@code HttpHeaders.Values}). */
    @Override
    public String landmarkClass() {
        return "io.netty.handler.codec.http.HttpHeaderValues";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ChannelPipelineInstrumentation(), new EventExecutorInstrumentation(),
                new PromiseListenerInstrumentation());
    }
}
