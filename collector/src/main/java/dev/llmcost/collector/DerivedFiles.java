package dev.llmcost.collector;

import dev.llmcost.collector.read.OutputSet;

import java.nio.file.Path;

/**
 * Where a reading command writes what it derives (rollups, FOCUS, allocations) by default: under the one
 * {@code --out} it was given, a collector's output directory or the parent of the shards. A list of {@code --out}s
 * has no such directory: the command then needs to be told where.
 */
final class DerivedFiles {

    private DerivedFiles() {
    }

    /** The set's directory; {@code option} is how to name the destination instead (refused without one). */
    static Path home(OutputSet outputs, String option) throws CollectorException {
        return outputs.home().orElseThrow(() -> new CollectorException("several --out directories have no one "
                + "directory to write to: name it with " + option + " (or give --out the directory that holds the "
                + "shards)"));
    }
}
