package dev.llmcost.collector.ship;

import dev.llmcost.collector.CollectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShipperIdTest {

    @Test
    void createdOnceAndKept(@TempDir Path dir) throws Exception {
        Path queue = dir.resolve("queue-not-yet-created");
        String id = ShipperId.loadOrCreate(queue);
        assertTrue(id.matches("[a-z0-9.-]+-[0-9a-f]{16}"), id);
        assertEquals(id, ShipperId.loadOrCreate(queue));
        try (var files = Files.list(queue)) {
            assertEquals(List.of(queue.resolve(ShipperId.FILE)), files.toList(), "no temporary file left");
        }
    }

    @Test
    void shippersStartingTogetherAgreeOnOneId(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                Path queue = dir.resolve("q" + round);
                List<Callable<String>> starts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starts.add(() -> ShipperId.loadOrCreate(queue));
                }
                Set<String> ids = new HashSet<>();
                for (Future<String> id : pool.invokeAll(starts)) {
                    ids.add(id.get());
                }
                assertEquals(1, ids.size(), "one id per queue: " + ids);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedFileIsAnErrorNotANewShipper(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ShipperId.FILE), "not an id!\n");
        CollectorException e = assertThrows(CollectorException.class, () -> ShipperId.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("does not hold a shipper id"), e.getMessage());
    }
}
