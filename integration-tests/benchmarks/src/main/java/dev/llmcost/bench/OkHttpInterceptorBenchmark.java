package dev.llmcost.bench;

import com.sun.net.httpserver.HttpServer;
import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.instrumentation.HelperRegistry;
import dev.llmcost.agent.pipeline.EventPipeline;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.bridge.LlmcostBridge;
import dev.llmcost.instrumentation.okhttp.LlmcostInterceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One OkHttp chat call to a local server, in one JVM, with and without llmcost's interceptor — the
 * application-thread cost of capture on a real client, without the noise of comparing separate JVMs.
 * Compare {@code plain} and {@code captured}, and their {@code gc.alloc.rate.norm} with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dsun.net.httpserver.nodelay=true",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED"})
public class OkHttpInterceptorBenchmark {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say this is a test\"}]}";

    /** {@code pipeline}: calls go to the ring and the writer; {@code discard}: the app-thread work alone. */
    @org.openjdk.jmh.annotations.Param({"pipeline", "discard"})
    public String sink;

    private HttpServer server;
    private EventPipeline pipeline;
    private OkHttpClient plain;
    private OkHttpClient captured;
    private String url;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] response = Files.readAllBytes(Path.of(System.getProperty("llmcost.fixtures",
                "agent/core/src/test/resources/fixtures/providers"), "openai/chat_completions/basic-gpt-4o-mini.json"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";

        ChronicleSettings.applyDefaults();
        AgentConfig config = AgentConfig.load("queue.dir=" + Files.createTempDirectory("llmcost-jmh"),
                new Properties(), Map.of());
        AgentCounters counters = new AgentCounters();
        pipeline = new EventPipeline(config, "jmh", counters, getClass().getClassLoader());
        dev.llmcost.agent.capture.CallSink discard = new dev.llmcost.agent.capture.CallSink() {
            @Override
            public void callStarting() {
            }

            @Override
            public boolean offer(dev.llmcost.agent.capture.CapturedCall call) {
                return false;
            }
        };
        dev.llmcost.agent.attribution.CarriedAttribution attribution = new dev.llmcost.agent.attribution
                .CarriedAttribution(new AttributionReader(AttributionKeys.from(config)));
        LlmcostBridge.install(new HelperRegistry(getClass().getClassLoader()), new LlmHttpCaptures(config,
                attribution, counters, new MemoryBudget(1 << 26), sink.equals("pipeline") ? pipeline : discard),
                attribution);
        plain = new OkHttpClient();
        captured = new OkHttpClient.Builder().addInterceptor(new LlmcostInterceptor()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
        server.stop(0);
    }

    private byte[] call(OkHttpClient client) throws Exception {
        Request request = new Request.Builder().url(url).post(RequestBody.create(BODY, JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            return response.body().bytes();
        }
    }

    @Benchmark
    public byte[] plain() throws Exception {
        return call(plain);
    }

    @Benchmark
    public byte[] captured() throws Exception {
        return call(captured);
    }
}
