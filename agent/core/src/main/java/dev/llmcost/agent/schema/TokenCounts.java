package dev.llmcost.agent.schema;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A call's token counts by {@link TokenKind}, immutable. A kind may be uncounted ({@link #get} is {@code null}):
 * only in a record being checked before it is refused, since reported usage counts every kind. A record whose
 * usage was not reported has no {@code TokenCounts} at all.
 */
public final class TokenCounts {

    private static final TokenKind[] KINDS = TokenKind.values();
    private static final TokenCounts NONE = new TokenCounts(new Long[KINDS.length]);

    private final Long[] counts;

    private TokenCounts(Long[] counts) {
        this.counts = counts;
    }

    /** No kind counted yet: the start of a record being read. */
    public static TokenCounts none() {
        return NONE;
    }

    /** {@code input} and {@code output} tokens, and 0 of every other kind (no cache, no reasoning). */
    public static TokenCounts of(long input, long output) {
        Long[] counts = new Long[KINDS.length];
        Arrays.fill(counts, 0L);
        counts[TokenKind.INPUT.ordinal()] = input;
        counts[TokenKind.OUTPUT.ordinal()] = output;
        return new TokenCounts(counts);
    }

    /** These counts with {@code kind} counted as {@code value} ({@code null}: uncounted). */
    public TokenCounts with(TokenKind kind, Long value) {
        Long[] copy = counts.clone();
        copy[kind.ordinal()] = value;
        return new TokenCounts(copy);
    }

    /** The count of {@code kind}, or {@code null} when it was not counted. */
    public Long get(TokenKind kind) {
        return counts[kind.ordinal()];
    }

    public long orZero(TokenKind kind) {
        Long count = counts[kind.ordinal()];
        return count == null ? 0 : count;
    }

    /** Whether no kind is counted. */
    public boolean isEmpty() {
        for (Long count : counts) {
            if (count != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tokens of {@code kind} that none of its parts count: uncached input, five-minute cache writes, output
     * other than reasoning. Never negative (parts larger than their whole are refused before pricing).
     */
    public long withoutParts(TokenKind kind) {
        long rest = orZero(kind);
        for (TokenKind part : kind.parts()) {
            rest -= orZero(part);
        }
        return Math.max(0, rest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenCounts that && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "TokenCounts[", "]");
        for (TokenKind kind : KINDS) {
            text.add(kind.shortName() + "=" + counts[kind.ordinal()]);
        }
        return text.toString();
    }
}
