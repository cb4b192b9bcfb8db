package dev.llmcost.bench;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.pipeline.EventPipeline;
import dev.llmcost.agent.queue.ChronicleSettings;
import dev.llmcost.bridge.LlmExchange;
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
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The agent's work on an application thread, without the network: what every non-LLM request pays, the MDC
 * snapshot, and a whole LLM call captured and handed to the ring (the writer thread drains it to a real
 * Chronicle Queue meanwhile).
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar CaptureBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED"})
public class CaptureBenchmark {

    private static final byte[] REQUEST = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say this is a test\"}]}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESPONSE = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":"
            + "\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"This is a test.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
            + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":"
            + "{\"reasoning_tokens\":0}}}").getBytes(StandardCharsets.UTF_8);

    private static final String RESPONSE_LENGTH = Integer.toString(RESPONSE.length);

    private EventPipeline pipeline;
    private LlmHttpCaptures captures;
    private AttributionReader attribution;
    private AgentCounters counters;
    private ClassLoader appLoader;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ChronicleSettings.applyDefaults();
        AgentConfig config = AgentConfig.load("queue.dir=" + Files.createTempDirectory("llmcost-jmh"),
                new Properties(), Map.of());
        counters = new AgentCounters();
        attribution = new AttributionReader(AttributionKeys.from(config));
        pipeline = new EventPipeline(config, "jmh", counters, getClass().getClassLoader());
        captures = new LlmHttpCaptures(config, new dev.llmcost.agent.attribution.CarriedAttribution(attribution), counters, new MemoryBudget(config.memoryBudget()), pipeline);
        appLoader = getClass().getClassLoader();
        MDC.put("feature", "support-chat");
        MDC.put("customer", "acme");
        MDC.put("team", "growth");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
        System.out.println("\ncounters: " + counters.snapshot());
    }

    /** What every other HTTP request of the application pays: the check that it is not an LLM call. */
    @Benchmark
    public Object nonLlmRequest() {
        return captures.begin("POST", "payments.internal", "/api/v2/charges", null, null, appLoader);
    }

    /** Reading feature, customer and team from the application's MDC. */
    @Benchmark
    public Object mdcSnapshot() {
        return attribution.snapshot(appLoader);
    }

    /** A whole call on the application's thread: recognise, snapshot, copy request and response, publish. */
    @Benchmark
    public boolean llmCallCapturedAndPublished() {
        LlmExchange exchange = captures.begin("POST", "api.openai.com", "/v1/chat/completions", null, null, appLoader);
        exchange.requestBody(REQUEST, 0, REQUEST.length);
        exchange.response(200, "application/json", header -> header.equals("Content-Length")
                ? RESPONSE_LENGTH : null);
        exchange.responseBytes(RESPONSE, 0, RESPONSE.length);
        exchange.responseEnd();
        return exchange != null;
    }
}
