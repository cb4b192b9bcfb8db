package dev.llmcost.agent.queue;

import java.nio.file.Path;

/** Where agents write and the collector reads when neither is told otherwise: the same place on one host. */
public final class QueueLocation {

    private QueueLocation() {
    }

    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".llmcost", "queue");
    }
}
