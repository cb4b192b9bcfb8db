package dev.llmcost.collector;

import dev.llmcost.collector.read.OutputSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options and {@code --flag}s, checked against what a command accepts. An option is given
 * once unless the command says it may be repeated ({@code --out A --out B}): a second value is refused rather
 * than silently replacing the first.
 */
final class Arguments {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    Arguments(List<String> args, Set<String> valueOptions, Set<String> flags) throws CollectorException {
        this(args, valueOptions, Set.of(), flags);
    }

    /** @param repeatable the value options that may be given more than once (each value kept, in order) */
    Arguments(List<String> args, Set<String> valueOptions, Set<String> repeatable, Set<String> flags)
            throws CollectorException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals > 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name) && inlineValue == null) {
                values.put(name, "true");
            } else if (valueOptions.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new CollectorException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (values.containsKey(name) && !repeatable.contains(name)) {
                    throw new CollectorException("--" + name + " is given more than once; it takes one value"
                            + (name.equals("out") ? OUT_ONCE : ""));
                }
                values.put(name, value);
                repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else {
                throw new CollectorException("unknown option --" + name);
            }
        }
    }

    /** Why a writer takes one {@code --out}, where a reader takes several. */
    private static final String OUT_ONCE = " here (this command writes one output directory, and each collector "
            + "writes its own; report, rollups, focus, allocate and budgets status read several as one)";

    /** Every value of a repeatable option, in the order given; empty when absent. */
    List<String> values(String name) {
        return List.copyOf(repeated.getOrDefault(name, List.of()));
    }

    String value(String name) {
        return values.get(name);
    }

    String value(String name, String fallback) {
        String value = values.get(name);
        return value == null ? fallback : value;
    }

    /** A comma-separated option ({@code --by feature,customer}) as its items; empty when absent. */
    List<String> list(String name) {
        String value = values.get(name);
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::trim)
                .filter(item -> !item.isEmpty()).toList();
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** A UTC day given as YYYY-MM-DD, or {@code null} when the option is absent. */
    java.time.LocalDate day(String name) throws CollectorException {
        String value = values.get(name);
        try {
            return value == null ? null : java.time.LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new CollectorException("--" + name + " is not a day (YYYY-MM-DD): " + value);
        }
    }

    /** Fails when {@code --until} is a day before {@code --since}. */
    void checkDayOrder() throws CollectorException {
        java.time.LocalDate since = day("since");
        java.time.LocalDate until = day("until");
        if (since != null && until != null && until.isBefore(since)) {
            throw new CollectorException("--until " + until + " is before --since " + since);
        }
    }

    /**
     * The output directories of {@code --out} (repeatable; default {@code ./llmcost-out}) for the commands that
     * read what collectors wrote: each a collector's output directory (a shard) or a directory holding shards.
     */
    OutputSet outputs() throws CollectorException, IOException {
        List<Path> outs = values("out").isEmpty() ? List.of(Path.of("llmcost-out"))
                : values("out").stream().map(Path::of).toList();
        try {
            return OutputSet.resolve(outs);
        } catch (IllegalArgumentException e) {
            throw new CollectorException(e.getMessage());
        }
    }

    Path path(String name, Path fallback) {
        String value = values.get(name);
        return value == null ? fallback : Path.of(value);
    }

    int integer(String name, int fallback, int min, int max) throws CollectorException {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CollectorException("--" + name + " must be a number from " + min + " to " + max + ", not " + value);
    }

    /** A non-negative decimal amount ({@code --warn-call-usd 250}), or {@code fallback} when absent. */
    java.math.BigDecimal decimal(String name, java.math.BigDecimal fallback) throws CollectorException {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            java.math.BigDecimal parsed = new java.math.BigDecimal(value);
            if (parsed.signum() >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CollectorException("--" + name + " must be an amount of 0 or more, not " + value);
    }

    List<String> positional() {
        return positional;
    }
}
