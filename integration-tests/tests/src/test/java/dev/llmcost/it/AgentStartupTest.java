package dev.llmcost.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the agent starts, or declines to: the application always runs, and says at most one line about it. */
class AgentStartupTest {

    private static OpenAiStub stub;

    @BeforeAll
    static void startProvider() {
        stub = new OpenAiStub();
    }

    @AfterAll
    static void stopProvider() {
        stub.close();
    }

    private static Processes.Result app(List<String> jvmOptions, String agentArgs, Map<String, String> env,
                                        String... scenarios) throws Exception {
        List<String> command = new ArrayList<>(Processes.javaCommand(Artifacts.java(), agentArgs,
                Artifacts.sampleApp("sample-app"), List.of("--base-url", stub.baseUrl())));
        command.addAll(List.of(scenarios));
        command.addAll(1, jvmOptions);
        Processes.Result result = Processes.run(command, env, Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("DONE"), result.toString());
        return result;
    }

    private static List<String> agentLines(Processes.Result result) {
        return result.stderr().lines().filter(line -> line.startsWith("[llmcost]")).toList();
    }

    @Test
    void anUnwritableQueueDirectoryLeavesTheAppRunningAndSaysWhyOnce() throws Exception {
        Processes.Result result = app(List.of(), "queue.dir=/etc/hostname/queue", Map.of(), "jdk-string",
                "okhttp-stream");
        Expect.body(result, "jdk-string", OpenAiStub.bytes(OpenAiStub.BASIC));
        Expect.body(result, "okhttp-stream", OpenAiStub.lines(OpenAiStub.STREAM));
        List<String> lines = agentLines(result);
        assertEquals(1, lines.size(), result.stderr());
        assertTrue(lines.get(0).startsWith("[llmcost] agent not started, the application runs without cost capture:"),
                lines.get(0));
        assertTrue(lines.get(0).contains("/etc/hostname/queue") && lines.get(0).contains("llmcost.queue.dir"),
                lines.get(0));
    }

    @Test
    void aFullDiskDropsCallsRatherThanFillItAndTheAppNeverNotices(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        // No disk has a petabyte free: to the agent this one is full.
        Processes.Result result = app(List.of(), "queue.dir=" + queue + ",queue.min.free.mb=1000000000", Map.of(),
                "jdk-string", "okhttp-stream", "jdk-async");
        Expect.body(result, "jdk-string", OpenAiStub.bytes(OpenAiStub.BASIC));
        Expect.body(result, "okhttp-stream", OpenAiStub.lines(OpenAiStub.STREAM));
        List<String> lines = agentLines(result);
        assertTrue(lines.stream().anyMatch(line -> line.contains("MB free on the disk")), result.stderr());
        assertTrue(lines.size() <= 3, "a few lines, not one per call:\n" + result.stderr());
    }

    @Test
    void disabledMeansSilentAndUntouched(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        Processes.Result result = app(List.of(), "enabled=false,queue.dir=" + queue, Map.of(), "jdk-string");
        assertEquals(List.of(), agentLines(result));
        assertTrue(Files.notExists(queue));
    }

    /**
     * On Java 24+ the JVM warns on stderr when anything touches {@code sun.misc.Unsafe}; installing the agent must
     * not (Byte Buddy's Nexus did). Chronicle Queue does once the queue opens, at the first LLM call: the README says
     * so and how to silence it.
     */
    @Test
    void onJava25InstallingTheAgentPrintsNoUnsafeWarning(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Artifacts.java25()), "no Java 25");
        List<String> command = new ArrayList<>(Processes.javaCommand(Artifacts.java25(), "queue.dir=" + dir.resolve("q"),
                Artifacts.sampleApp("sample-app"), List.of("--base-url", stub.baseUrl(), "non-llm")));
        Processes.Result result = Processes.run(command, Map.of(), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(), result.stderr().lines().filter(line -> line.startsWith("WARNING")).toList(),
                result.stderr());
    }

    @Test
    void anAppThatMakesNoLlmCallNeverOpensTheQueue(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        app(List.of(), "queue.dir=" + queue, Map.of(), "non-llm");
        try (Stream<Path> files = Files.list(queue)) {
            assertEquals(List.of(), files.toList(), "no Chronicle files for an app without LLM calls");
        }
    }

    @Test
    void settingsComeFromSystemPropertiesAndTheEnvironmentToo(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue");
        app(List.of("-Dllmcost.queue.dir=" + queue, "-Dllmcost.attribute.customer=team"),
                "", Map.of("LLMCOST_SERVICE_NAME", "billing", "LLMCOST_QUEUE_DIR", "/nonexistent/ignored"),
                "jdk-string");
        Path out = dir.resolve("out");
        assertEquals(0, Processes.collect(queue, out, "--once").exitCode());
        var row = new Ledger(out).one("jdk-string");
        assertEquals("billing", row.get("service").asText(), "service from LLMCOST_SERVICE_NAME");
        assertEquals("platform", row.get("customer").asText(), "customer read from the MDC key named 'team'");
    }
}
