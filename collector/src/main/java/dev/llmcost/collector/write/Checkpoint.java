package dev.llmcost.collector.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.collector.CollectorState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The collector's commit point, {@code OUT/.llmcost/checkpoint.json}, replaced atomically after every sink has
 * flushed a batch. A restart rolls every sink back to its position recorded here and resumes the queue after the
 * recorded index: whatever happened after the last commit is redone once, and nothing before it is redone at all.
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    /**
     * A checkpoint whose commit is under way elsewhere (the Kafka transaction that commits the consumed offsets with
     * it): it replaces the checkpoint once that commit is known to have happened, or is dropped.
     */
    private final Path pending;

    public Checkpoint(Path outputDirectory) {
        this.file = outputDirectory.resolve(".llmcost").resolve("checkpoint.json");
        this.pending = file.resolveSibling("checkpoint.pending.json");
    }

    public Path file() {
        return file;
    }

    public Optional<CollectorState> load() throws IOException {
        return load(file);
    }

    public Optional<CollectorState> loadPending() throws IOException {
        return load(pending);
    }

    /** Writes {@code state} as the pending checkpoint; {@link #promotePending()} makes it the checkpoint. */
    public void savePending(CollectorState state) throws IOException {
        AtomicFiles.write(pending, JSON.writeValueAsBytes(state.toJson()));
    }

    /** The pending checkpoint's commit happened: it is the checkpoint now. */
    public void promotePending() throws IOException {
        AtomicFiles.replace(pending, file);
    }

    /** The pending checkpoint's commit did not happen: the checkpoint stays. */
    public void discardPending() throws IOException {
        Files.deleteIfExists(pending);
    }

    private static Optional<CollectorState> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("the checkpoint " + file + " is unreadable (" + e.getMessage() + ")", e);
        }
        return Optional.of(CollectorState.fromJson(root, file.toString()));
    }

    public void save(CollectorState state) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(state.toJson()));
    }
}
