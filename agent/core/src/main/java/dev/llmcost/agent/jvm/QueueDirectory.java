package dev.llmcost.agent.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, at start, that the queue directory can be written, so the agent fails fast and says why. */
public final class QueueDirectory {

    private QueueDirectory() {
    }

    public static void requireWritable(Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("cannot create the queue directory " + directory + " ("
                    + e.getClass().getSimpleName() + "); set llmcost.queue.dir to a writable directory", e);
        }
        Path probe;
        try {
            probe = Files.createTempFile(directory, ".llmcost-write-check", ".tmp");
        } catch (IOException e) {
            throw new IOException("the queue directory " + directory + " is not writable ("
                    + e.getClass().getSimpleName() + "); set llmcost.queue.dir to a writable directory", e);
        }
        Files.deleteIfExists(probe);
    }
}
