package dev.llmcost.collector.read;

import dev.llmcost.collector.CollectorState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The output directories a reading command was given ({@code --out A --out B}, or {@code --out PARENT} holding one
 * directory per collector), read as one: the shards several collectors in one consumer group wrote, with totals
 * identical to one collector's over the same calls.
 *
 * <p>Each {@code --out} is a shard when it is a collector's output directory ({@code .llmcost/}) or a ledger
 * written some other way ({@code ledger/}); otherwise it is a parent, whose shards are its directories with a
 * {@code .llmcost/}. The shards are kept in the order of their paths, and {@link #ledger} gives their rows day by
 * day, shard by shard, line by line: whatever order the {@code --out} values were given in, the output is the
 * same to the byte. A shard named twice (itself and through its parent) is refused: it would be counted twice.
 */
public final class OutputSet {

    private final List<LedgerShard> shards;
    /** Where files derived from the set go (rollups, FOCUS, allocations); {@code null} for a list of shards. */
    private final Path home;
    /** One {@code --out} that is a shard itself: the set is that directory, as before there were shards. */
    private final boolean oneDirectory;

    private OutputSet(List<LedgerShard> shards, Path home, boolean oneDirectory) {
        this.shards = shards;
        this.home = home;
        this.oneDirectory = oneDirectory;
    }

    /**
     * The shards of {@code outs}.
     *
     * @throws IllegalArgumentException naming what was expected, for a directory that is neither a shard nor a
     *                                  parent of shards, or a shard given twice
     */
    public static OutputSet resolve(List<Path> outs) throws IOException {
        List<LedgerShard> shards = new ArrayList<>();
        for (Path out : outs) {
            shards.addAll(shardsOf(out));
        }
        refuseTwice(shards);
        shards.sort(Comparator.comparing(shard -> shard.directory().toAbsolutePath().normalize().toString()));
        boolean oneDirectory = outs.size() == 1 && shards.size() == 1 && shards.get(0).directory().equals(outs.get(0));
        return new OutputSet(List.copyOf(shards), outs.size() == 1 ? outs.get(0) : null, oneDirectory);
    }

    /** The collector's own output directory, every byte of its ledger (it holds it locked and rolled back). */
    public static OutputSet whole(Path out) {
        return new OutputSet(List.of(LedgerShard.whole(out)), out, true);
    }

    private static List<LedgerShard> shardsOf(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("no ledger under " + out + " (run collect first, or name it with"
                    + " --out)");
        }
        if (LedgerShard.isCollected(out) || Files.isDirectory(out.resolve("ledger"))) {
            return List.of(LedgerShard.read(out.toString(), out));
        }
        List<LedgerShard> shards = new ArrayList<>();
        try (Stream<Path> children = Files.list(out)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                if (LedgerShard.isCollected(child)) {
                    shards.add(LedgerShard.read(child.toString(), child));
                } else if (Files.isDirectory(child.resolve("ledger"))) {
                    throw new IllegalArgumentException(child + " holds a ledger but no .llmcost/ checkpoint, so it "
                            + "is not a collector's shard of " + out + "; name the directories to read with --out");
                }
            }
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no ledger under " + out + ": expected a collector's output directory"
                    + " (with .llmcost/checkpoint.json) or a directory of them, one per collector (run collect"
                    + " first, or name it with --out)");
        }
        return shards;
    }

    /**
     * The collectors' output directories directly under {@code directory} when it is not one itself (a parent of
     * shards); empty otherwise. A command that writes one output directory refuses a parent: made an output
     * directory itself, it would hide its shards from the readers.
     */
    public static List<Path> shardsUnder(Path directory) throws IOException {
        if (!Files.isDirectory(directory) || LedgerShard.isCollected(directory)
                || Files.isDirectory(directory.resolve("ledger"))) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(LedgerShard::isCollected).sorted().toList();
        }
    }

    private static void refuseTwice(List<LedgerShard> shards) throws IOException {
        Map<Path, LedgerShard> byRealPath = new HashMap<>();
        for (LedgerShard shard : shards) {
            LedgerShard before = byRealPath.put(shard.directory().toRealPath(), shard);
            if (before != null) {
                throw new IllegalArgumentException("the output directory " + shard.name() + " is named twice"
                        + (before.name().equals(shard.name()) ? "" : " (also as " + before.name() + ")")
                        + ": its calls would be counted twice");
            }
        }
    }

    public List<LedgerShard> shards() {
        return shards;
    }

    /**
     * Whether the set is other than the one output directory named: several shards, or the one shard of a parent.
     * The commands then say which shards they read ({@link #describe()}).
     */
    public boolean namesShards() {
        return !oneDirectory;
    }

    /**
     * The directory the set was named by: the one {@code --out} (a shard or their parent), where files derived from
     * the set go; empty for a list of {@code --out}s, which has none.
     */
    public Optional<Path> home() {
        return Optional.ofNullable(home);
    }

    /** The ledger's committed rows of the UTC days {@code since..until} over every shard (either may be null). */
    public LedgerFiles ledger(LocalDate since, LocalDate until) throws IOException {
        List<LedgerShard.DayFile> files = new ArrayList<>();
        for (LedgerShard shard : shards) {
            files.addAll(shard.dayFiles(since, until));
        }
        return new LedgerFiles(files);
    }

    /**
     * The shards' checkpoints as one ({@link CollectorState#merged}): counts added, each agent's latest counters;
     * empty when no shard has a checkpoint.
     */
    public Optional<CollectorState> state() {
        List<CollectorState> states = shards.stream().flatMap(shard -> shard.state().stream()).toList();
        return states.isEmpty() ? Optional.empty()
                : Optional.of(states.size() == 1 ? states.get(0) : CollectorState.merged(states));
    }

    /** One line naming the shards read: {@code read 2 shards as one: out/c1, out/c2 (nothing committed yet)}. */
    public String describe() {
        return "read " + (shards.size() == 1 ? "1 shard: " : shards.size() + " shards as one: ")
                + shards.stream().map(shard -> shard.name() + (shard.nothingCommitted() ? " (nothing committed yet)"
                : "")).collect(Collectors.joining(", "));
    }

    /** The shards' names, in their reading order. */
    public List<String> names() {
        return shards.stream().map(LedgerShard::name).toList();
    }
}
