package dev.llmcost.collector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StateLogTest {

    @TempDir
    Path dir;

    private static List<String> replay(StateLog log, JsonNode position) throws Exception {
        Map<String, String> latest = new LinkedHashMap<>();
        log.restore(position, line -> latest.put(line.substring(0, line.indexOf('=')), line));
        return new ArrayList<>(latest.values());
    }

    @Test
    void aRestartReplaysWhatWasCommittedAndCutsOffWhatWasNot() throws Exception {
        StateLog log = new StateLog(dir);
        log.commit(List.of("a=1", "b=1"), 2, List::of);
        JsonNode committed = log.commit(List.of("a=2"), 2, List::of);
        log.commit(List.of("b=9"), 2, List::of); // written, never checkpointed: a crash follows
        log.close();
        Files.writeString(dir.resolve("log-0.jsonl"), "torn-li", StandardOpenOption.APPEND);

        StateLog again = new StateLog(dir);
        assertEquals(List.of("a=2", "b=1"), replay(again, committed));
        again.commit(List.of("c=1"), 3, List::of);
        assertEquals(List.of("a=2", "b=1", "c=1"), replay(new StateLog(dir), again.position()));
    }

    @Test
    void aLongLogBecomesANewGenerationAndTheOldOneGoesAfterTheCommit() throws Exception {
        StateLog log = new StateLog(dir);
        List<String> many = IntStream.range(0, 100_001).mapToObj(i -> "k" + (i % 10) + "=" + i).toList();
        JsonNode before = log.commit(List.of("k0=0"), 10, List::of);
        JsonNode compacted = log.commit(many, 10, () -> List.of("k0=compacted"));
        assertEquals(1, compacted.path("generation").asInt());
        // Crashed before the checkpoint naming generation 1: generation 0 is what counts, and 1 is removed.
        assertEquals(List.of("k0=0"), replay(new StateLog(dir), before));
        assertEquals(List.of("log-0.jsonl"), Files.list(dir).map(f -> f.getFileName().toString()).toList());

        StateLog next = new StateLog(dir);
        replay(next, before);
        JsonNode position = next.commit(many, 10, () -> List.of("k0=compacted"));
        next.committed();
        assertEquals(List.of("snapshot-1.jsonl"), Files.list(dir).map(f -> f.getFileName().toString()).toList());
        assertEquals(List.of("k0=compacted"), replay(new StateLog(dir), position));
    }
}
