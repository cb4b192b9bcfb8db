package dev.llmcost.instrumentation.httpurlconnection;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.JvmAccess;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * {@code java.net.HttpURLConnection} and {@code HttpsURLConnection} (every JDK): the JDK's implementation,
 * {@code sun.net.www.protocol.http.HttpURLConnection}, behind both (HTTPS delegates to a subclass of it). What Spring's
 * {@code RestTemplate} and {@code RestClient} use by default without another client, and older code everywhere.
 */
public final class HttpUrlConnectionInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "http-url-connection";
    }

    /** Part of the JDK: always present. */
    @Override
    public String landmarkClass() {
        return null;
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new HttpUrlConnectionInstrumentation());
    }

    @Override
    public void prepare(JvmAccess jvm) {
        jvm.letReadBridge("java.base");
    }
}
