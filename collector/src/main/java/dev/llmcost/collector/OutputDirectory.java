package dev.llmcost.collector;

import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.sink.DayFileSink;
import dev.llmcost.collector.sink.RollupsSink;
import dev.llmcost.collector.sink.Sink;
import dev.llmcost.collector.write.Checkpoint;
import dev.llmcost.collector.write.DayFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out} directory: its day files, its checkpoint, and the lock that keeps a second collector
 * from writing to it at the same time.
 */
final class OutputDirectory implements AutoCloseable {

    final Path root;
    final DayFiles ledger;
    final DayFiles errors;
    final DayFiles rejected;
    final Checkpoint checkpoint;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private OutputDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.ledger = new DayFiles(root.resolve("ledger"));
        this.errors = new DayFiles(root.resolve("errors"));
        this.rejected = new DayFiles(root.resolve("rejected"));
        this.checkpoint = new Checkpoint(root);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static OutputDirectory open(Path root) throws CollectorException {
        try {
            List<Path> shards = OutputSet.shardsUnder(root);
            if (!shards.isEmpty()) {
                throw new CollectorException(root + " holds the output directories of " + shards.size()
                        + " collectors (" + shards.stream().map(shard -> shard.getFileName().toString())
                        .collect(java.util.stream.Collectors.joining(", ")) + "), not one of its own: name one "
                        + "directory with --out (each collector writes its own; report and the other readers read "
                        + root + " as one)");
            }
            Files.createDirectories(root.resolve(".llmcost"));
            FileChannel channel = FileChannel.open(root.resolve(".llmcost").resolve("lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new CollectorException("another collector is writing to " + root + "; run one per output "
                        + "directory");
            }
            return new OutputDirectory(root, channel, lock);
        } catch (IOException e) {
            throw new CollectorException("cannot use the output directory " + root + ": " + e.getMessage(), e);
        }
    }

    List<DayFiles> dayFiles() {
        return List.of(ledger, errors, rejected);
    }

    /**
     * The sinks every collection writes, in the order they are given each call: the ledger, the error responses,
     * the rollups, and the {@code extra} ones asked for (budgets).
     */
    List<Sink> sinks(PrintStream err, List<Sink> extra) {
        List<Sink> sinks = new ArrayList<>(List.of(
                DayFileSink.ledger(ledger, err),
                DayFileSink.errors(errors, err),
                new RollupsSink(root)));
        sinks.addAll(extra);
        return sinks;
    }

    /** Cuts the rejected records' files back to their committed lengths (they are the reading stage's, not a sink's). */
    void rollBackRejected(CollectorState state, PrintStream err) throws IOException {
        DayFileSink.cutBackTo(rejected, state.rejectedFiles(), err);
    }

    /** Whether there are output files that no checkpoint accounts for (a directory not made by the collector). */
    boolean hasUncommittedOutput() throws IOException {
        for (DayFiles files : dayFiles()) {
            if (!files.existing().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        for (DayFiles files : dayFiles()) {
            files.close();
        }
        lock.release();
        lockChannel.close();
    }
}
