package dev.llmcost.collector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.price.PricedCall;
import dev.llmcost.collector.write.DayFiles;
import dev.llmcost.collector.write.LedgerJson;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Ledger lines in day files ({@code ledger/} for billed calls, {@code errors/} for error responses). Its position
 * is the committed length of every day file; rolling back cuts each file to it and removes files created after.
 */
public final class DayFileSink implements Sink {

    private final String name;
    private final DayFiles files;
    private final Predicate<PricedCall> takes;
    private final PrintStream err;
    private final Map<String, Long> committedLengths = new TreeMap<>();

    public DayFileSink(String name, DayFiles files, Predicate<PricedCall> takes, PrintStream err) {
        this.name = name;
        this.files = files;
        this.takes = takes;
        this.err = err;
    }

    /** Billed calls: every call that is not an error response. */
    public static DayFileSink ledger(DayFiles files, PrintStream err) {
        return new DayFileSink("ledger", files, priced -> !priced.errorResponse(), err);
    }

    /** Error responses, which providers do not bill. */
    public static DayFileSink errors(DayFiles files, PrintStream err) {
        return new DayFileSink("errors", files, PricedCall::errorResponse, err);
    }

    public DayFiles files() {
        return files;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void accept(PricedCall call) {
        if (takes.test(call)) {
            files.append(call.day(), LedgerJson.line(call));
        }
    }

    @Override
    public JsonNode flush() throws IOException {
        committedLengths.putAll(files.flush());
        return position();
    }

    /** Replaces a whole day file's committed length (a reprice writing the file anew). */
    public void recommitted(String file, long length) {
        committedLengths.put(file, length);
    }

    public JsonNode position() {
        ObjectNode position = JsonNodeFactory.instance.objectNode();
        ObjectNode lengths = position.putObject("files");
        committedLengths.forEach(lengths::put);
        return position;
    }

    @Override
    public boolean rollBack(JsonNode position) throws IOException {
        committedLengths.clear();
        position.path("files").fields().forEachRemaining(f -> committedLengths.put(f.getKey(), f.getValue().asLong()));
        cutBackTo(files, committedLengths, err);
        return true;
    }

    @Override
    public void start(Path outputDirectory) throws IOException {
        // Enabled on a directory collected before: what is there already was written by someone else; keep it.
        files.existing().forEach((file, path) -> {
            try {
                committedLengths.put(file, Files.size(path));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Cuts every file back to its committed length and removes files no commit knows of: the batch they belong
     * to will be processed again. A file shorter than committed was changed outside the collector: said, and kept.
     */
    public static void cutBackTo(DayFiles files, Map<String, Long> committed, PrintStream err) throws IOException {
        for (Map.Entry<String, Path> file : files.existing().entrySet()) {
            Long length = committed.get(file.getKey());
            long actual = Files.size(file.getValue());
            if (length == null) {
                Files.delete(file.getValue());
            } else if (actual > length) {
                try (FileChannel channel = FileChannel.open(file.getValue(), StandardOpenOption.WRITE)) {
                    channel.truncate(length);
                    channel.force(true);
                }
            } else if (actual < length) {
                err.println("llmcost: warning: " + file.getValue() + " is shorter than the collector wrote it ("
                        + actual + " < " + length + " bytes): it was changed outside the collector");
                committed.put(file.getKey(), actual);
            }
        }
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
