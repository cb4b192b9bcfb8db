package dev.llmcost.agent.schema;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of token a call is counted in, normalised the one way llmcost uses everywhere: a kind may be a part of
 * another ({@link #partOf()}) — cache reads and writes are input tokens, one-hour writes are cache writes,
 * reasoning tokens are output tokens — so a whole always counts its parts. The impossible-value checks and the
 * pricing split follow this relation, so a new kind is one constant here.
 *
 * <p>Declared in the order queue records and ledger rows have always listed their counts.
 */
public enum TokenKind {
    INPUT("input_tokens", null, false),
    OUTPUT("output_tokens", null, false),
    CACHE_READ("cache_read_tokens", INPUT, false),
    CACHE_WRITE("cache_write_tokens", INPUT, false),
    REASONING("reasoning_tokens", OUTPUT, false),
    /** The part of cache writes cached for an hour (Anthropic prices it above five-minute writes). */
    CACHE_WRITE_1H("cache_write_1h_tokens", CACHE_WRITE, true);

    /** Worked out once: the checks of every record and the pricing split ask for them. */
    private static final Map<TokenKind, List<TokenKind>> PARTS = new EnumMap<>(TokenKind.class);

    static {
        for (TokenKind whole : values()) {
            List<TokenKind> parts = new ArrayList<>(2);
            for (TokenKind kind : values()) {
                if (kind.partOf == whole) {
                    parts.add(kind);
                }
            }
            PARTS.put(whole, List.copyOf(parts));
        }
    }

    private final String wireName;
    private final TokenKind partOf;
    private final boolean absentFromOlderRecords;

    TokenKind(String wireName, TokenKind partOf, boolean absentFromOlderRecords) {
        this.wireName = wireName;
        this.partOf = partOf;
        this.absentFromOlderRecords = absentFromOlderRecords;
    }

    /** The field name in queue records and ledger rows. */
    public String wireName() {
        return wireName;
    }

    /** The name without {@code _tokens}: what price files and the FOCUS export's {@code x_TokenType} call it. */
    public String shortName() {
        return wireName.substring(0, wireName.length() - "_tokens".length());
    }

    /** The kind this one is a part of, or {@code null} for a whole (input, output). */
    public TokenKind partOf() {
        return partOf;
    }

    /** The kinds that are parts of this one, in declaration order. */
    public List<TokenKind> parts() {
        return PARTS.get(this);
    }

    /**
     * Whether records of older agents (and ledgers of older collectors) may lack this kind although usage was
     * reported: they did not tell it apart, so absent means 0.
     */
    public boolean absentFromOlderRecords() {
        return absentFromOlderRecords;
    }
}
