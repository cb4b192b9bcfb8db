package dev.llmcost.agent.pipeline;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.CallSink;
import dev.llmcost.agent.capture.CapturedCall;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.queue.CallRecord;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The agent's writer thread, per call: parse the captured call into its record, and append the record to a real
 * Chronicle Queue. On a small machine this CPU is taken from the application, so it is measured too.
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar WriterBenchmark</pre>
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
public class WriterBenchmark {

    private static final byte[] REQUEST = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say this is a test\"}]}").getBytes(StandardCharsets.UTF_8);

    private CallRecordFactory records;
    private QueueWriter queue;
    private CapturedCall jsonCall;
    private CapturedCall streamCall;
    private CallRecord record;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ChronicleSettings.applyDefaults();
        AgentConfig config = AgentConfig.load("queue.dir=" + Files.createTempDirectory("llmcost-jmh"),
                new Properties(), Map.of());
        AgentCounters counters = new AgentCounters();
        records = new CallRecordFactory("jmh", "svc", AttributionKeys.from(config), counters);
        queue = new QueueWriter(config.queueDirectory(), 0);
        CapturedCall[] last = new CapturedCall[1];
        CallSink keep = new CallSink() {
            @Override
            public void callStarting() {
            }

            @Override
            public boolean offer(CapturedCall call) {
                last[0] = call;
                return true;
            }
        };
        LlmHttpCaptures captures = new LlmHttpCaptures(config, new dev.llmcost.agent.attribution.CarriedAttribution(new AttributionReader(AttributionKeys.from(config))),
                counters, new MemoryBudget(1 << 30), keep);
        jsonCall = capture(captures, "application/json", fixture("basic-gpt-4o-mini.json"), last);
        streamCall = capture(captures, "text/event-stream", fixture("stream-include-usage-wiremock.sse"), last);
        record = records.toRecord(jsonCall);
    }

    private static CapturedCall capture(LlmHttpCaptures captures, String contentType, byte[] body,
                                        CapturedCall[] last) {
        LlmExchange exchange = captures.begin("POST", "api.openai.com", "/v1/chat/completions", null, null, null);
        exchange.requestBody(REQUEST, 0, REQUEST.length);
        exchange.response(200, contentType, header -> null);
        exchange.responseBytes(body, 0, body.length);
        exchange.responseEnd();
        return last[0];
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(java.nio.file.Path.of(System.getProperty("llmcost.fixtures",
                "agent/core/src/test/resources/fixtures/providers")).resolve("openai/chat_completions/" + name));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
    }

    /** Parsing a plain JSON response (764 bytes) into its record. */
    @Benchmark
    public CallRecord recordFromJsonResponse() {
        return records.toRecord(jsonCall);
    }

    /** Parsing a stream (14 events) into its record. */
    @Benchmark
    public CallRecord recordFromStream() {
        return records.toRecord(streamCall);
    }

    /** Appending one record to the Chronicle Queue. */
    @Benchmark
    public void appendToQueue() throws QueueWriter.QueueUnavailableException {
        queue.append(record);
    }
}
