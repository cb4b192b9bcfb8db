package dev.llmcost.instrumentation.apachehttpclient5;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * Apache HttpClient 5 classic ({@code HttpClients.*}, and Spring's {@code RestClient}/{@code RestTemplate} on
 * {@code HttpComponentsClientHttpRequestFactory}, which Spring Boot picks when httpclient5 is present), and its
 * async clients ({@code HttpAsyncClients.*}, HTTP/1.1 and HTTP/2, 5.1+: the hooked {@code doExecute} was verified
 * on 5.1.3 and 5.6.5; on 5.0 the async hook simply matches nothing).
 */
public final class ApacheHttpClient5InstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "apache-httpclient-5.0";
    }

    /** {@code InternalHttpClient}, the client every builder makes, is in 5.0 and later. */
    @Override
    public String landmarkClass() {
        return "org.apache.hc.client5.http.impl.classic.InternalHttpClient";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ClassicClientInstrumentation(), new AsyncClientInstrumentation());
    }
}
