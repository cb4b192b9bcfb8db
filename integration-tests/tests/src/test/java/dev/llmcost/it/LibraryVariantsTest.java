package dev.llmcost.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same application built against other library versions: OkHttp 5 ({@code okhttp-jvm}), and an app that
 * uses its own, older Jackson, Byte Buddy and Disruptor — which must stay the app's own and keep working.
 */
class LibraryVariantsTest {

    private static OpenAiStub stub;

    @BeforeAll
    static void startProvider() {
        stub = new OpenAiStub();
    }

    @AfterAll
    static void stopProvider() {
        stub.close();
    }

    @Test
    void okHttp5(@TempDir Path dir) throws Exception {
        Ledger ledger = run(dir, "sample-app-okhttp5", List.of("okhttp-sync", "okhttp-async", "okhttp-stream"));
        Expect.row(ledger.one("okhttp-sync"), "acme", "platform", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("okhttp-async"), "globex", "async-team", false, "gpt-4o-mini-2024-07-18", 1149, 353,
                1024, 0, "0.00030735");
        Expect.row(ledger.one("okhttp-stream"), "initech", "research", true, "gpt-4o-mini-2024-07-18", 22, 3, 0, 0,
                "0.0000051");
        assertEquals(3, ledger.rows.size());
    }

    @Test
    void anAppWithItsOwnVersionsOfTheAgentsLibraries(@TempDir Path dir) throws Exception {
        Ledger ledger = run(dir, "sample-app-conflicts", List.of("own-libraries", "okhttp-sync", "jdk-string"));
        Expect.row(ledger.one("okhttp-sync"), "acme", "platform", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        Expect.row(ledger.one("jdk-string"), "acme", "platform", false, "gpt-4o-mini-2024-07-18", 12, 5, 0, 0,
                "0.0000048");
        assertEquals(2, ledger.rows.size());
    }

    private static Ledger run(Path dir, String app, List<String> scenarios) throws Exception {
        Path queue = dir.resolve("queue");
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("--base-url", stub.baseUrl()));
        args.addAll(scenarios);
        Processes.Result result = Processes.run(Processes.javaCommand(Artifacts.java(), "queue.dir=" + queue,
                Artifacts.sampleApp(app), args), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("DONE"), result.toString());
        if (scenarios.contains("own-libraries")) {
            assertTrue(result.stdout().contains("OWN jackson 2.12.7 {\"ok\":true}"), result.stdout());
            assertTrue(result.stdout().contains("OWN byte-buddy 1.12.23 made by the app"), result.stdout());
            assertTrue(result.stdout().contains("OWN disruptor 3.x 3"), result.stdout());
        }
        Expect.body(result, "okhttp-sync", OpenAiStub.bytes(OpenAiStub.BASIC));
        assertEquals(0, Processes.collect(queue, out, "--once").exitCode());
        return new Ledger(out);
    }
}
