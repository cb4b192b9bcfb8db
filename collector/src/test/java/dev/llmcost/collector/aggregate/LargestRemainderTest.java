package dev.llmcost.collector.aggregate;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parts in whole cents that add up to the amount exactly; ties to the earlier part. */
class LargestRemainderTest {

    private static List<String> split(String amount, long... bases) {
        return LargestRemainder.split(new BigDecimal(amount),
                java.util.Arrays.stream(bases).mapToObj(BigDecimal::valueOf).toList())
                .stream().map(BigDecimal::toPlainString).toList();
    }

    @Test
    void aHundredDollarsThreeWaysGivesTheTiedCentToTheFirst() {
        assertEquals(List.of("33.34", "33.33", "33.33"), split("100.00", 1, 1, 1));
        assertEquals(List.of("0.01", "0.01", "0.00"), split("0.02", 5, 5, 5));
    }

    @Test
    void leftoverCentsGoToTheLargestRemaindersNotTheLargestParts() {
        // 1000 cents × 1/7 = 142.857…, × 2/7 = 285.714…, × 4/7 = 571.428…: floors 142 + 285 + 571 = 998,
        // two cents left for the remainders .857 and .714: the largest part, 5.71, gets none.
        assertEquals(List.of("1.43", "2.86", "5.71"), split("10", 1, 2, 4));
    }

    @Test
    void aZeroBasisGetsNothingAndAZeroAmountSplitsIntoZeros() {
        assertEquals(List.of("0.00", "7.00"), split("7", 0, 3));
        assertEquals(List.of("0.00", "0.00"), split("0", 1, 2));
    }
}
