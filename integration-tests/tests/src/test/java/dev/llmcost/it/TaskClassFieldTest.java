package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The agent gives task classes a field for the attribution they carry. An application that serializes its tasks
 * must not notice: the same serial version UID with and without the agent, and objects written by one read by
 * the other.
 */
class TaskClassFieldTest {

    @Test
    void serializedTasksReadBackAcrossAgentAndNoAgent(@TempDir Path dir) throws Exception {
        Path withAgent = dir.resolve("with-agent.ser");
        Path without = dir.resolve("without.ser");
        Processes.Result writtenWithAgent = run(true, "write", withAgent, dir);
        Processes.Result writtenWithout = run(false, "write", without, dir);
        assertEquals(List.of("CARRIER Leaves true"), writtenWithAgent.lines("CARRIER Leaves"),
                "the agent gave the fork/join task class its field: " + writtenWithAgent);
        assertEquals(writtenWithout.lines("UID "), writtenWithAgent.lines("UID "));

        Processes.Result readWithout = run(false, "read", withAgent, dir);
        Processes.Result readWithAgent = run(true, "read", without, dir);
        assertEquals(List.of("READ 42 nightly"), readWithout.lines("READ "), readWithout.toString());
        assertEquals(List.of("READ 42 nightly"), readWithAgent.lines("READ "), readWithAgent.toString());
    }

    private static Processes.Result run(boolean agent, String mode, Path file, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Artifacts.java().toString()));
        if (agent) {
            command.add("-javaagent:" + Artifacts.agentJar() + "=queue.dir=" + dir.resolve("queue"));
        }
        command.addAll(List.of("-cp", Path.of(SerializedTasks.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString(), SerializedTasks.class.getName(), mode, file.toString()));
        Processes.Result result = Processes.run(command, Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
