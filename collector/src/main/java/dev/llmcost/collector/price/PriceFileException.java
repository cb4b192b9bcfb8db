package dev.llmcost.collector.price;

import java.util.List;

/** A price file that cannot be used, with every problem found, each naming its line and field. */
public final class PriceFileException extends Exception {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public PriceFileException(String source, List<String> problems) {
        super(source + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
