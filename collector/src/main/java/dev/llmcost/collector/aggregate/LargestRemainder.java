package dev.llmcost.collector.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount in proportion to bases so that the parts, each in whole units of the given scale (cents for a
 * shared cost, 10^-10 dollars for a blended cache pool), add up to the amount exactly (Hamilton's largest-remainder
 * method): every part gets its exact quota rounded down, and the units left over go one each to the parts with the
 * largest remainders. Ties go to the part that comes first in the list, so the caller's order (values sorted)
 * makes the split deterministic.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /** Whole cents. */
    public static List<BigDecimal> split(BigDecimal amountUsd, List<BigDecimal> bases) {
        return split(amountUsd, bases, 2);
    }

    /**
     * @param amount with at most {@code scale} decimals
     * @param bases  each 0 or more, adding up to more than 0
     */
    public static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> bases, int scale) {
        BigDecimal cents = new BigDecimal(amount.movePointRight(scale).toBigIntegerExact());
        BigDecimal total = bases.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BigInteger> parts = new ArrayList<>(bases.size());
        List<BigDecimal> remainders = new ArrayList<>(bases.size());
        BigInteger leftover = cents.toBigIntegerExact();
        for (BigDecimal basis : bases) {
            // cents × basis / total = quotient + remainder / total, both exact: no rounding before the remainders
            // are compared, so 1/3 and 2/6 tie as they should.
            BigDecimal[] division = cents.multiply(basis).divideAndRemainder(total);
            BigInteger quota = division[0].toBigIntegerExact();
            parts.add(quota);
            remainders.add(division[1]);
            leftover = leftover.subtract(quota);
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            byRemainder.add(i);
        }
        // Stable sort: equal remainders keep list order.
        byRemainder.sort(Comparator.comparing(remainders::get, Comparator.reverseOrder()));
        for (int i = 0; i < leftover.intValueExact(); i++) {
            int part = byRemainder.get(i);
            parts.set(part, parts.get(part).add(BigInteger.ONE));
        }
        return parts.stream().map(part -> new BigDecimal(part, scale)).toList();
    }
}
