package dev.llmcost.collector.write;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Money for people ({@link Money#display}) against money for programs ({@link Money#plain}). */
class MoneyTest {

    private static String display(String amount) {
        return Money.display(new BigDecimal(amount));
    }

    @Test
    void dollarsAndCentsAsPeopleWriteThem() {
        assertEquals("$12.34", display("12.34"));
        assertEquals("$0.60", display("0.6"));
        assertEquals("$100.00", display("100"));
        assertEquals("$1,234.56", display("1234.56"));
        assertEquals("$1,234,567.89", display("1234567.891"));
    }

    @Test
    void fourSignificantDigitsBelowACent() {
        assertEquals("$0.002471", display("0.002471"));
        assertEquals("$0.002471", display("0.0024712345"));
        assertEquals("$0.00001234", display("0.00001234"));
        assertEquals("$0.0025", display("0.0025"), "trailing zeros are not significant digits to show");
        assertEquals("$0.0000001", display("0.0000001"), "never 1E-7");
    }

    @Test
    void zeroAndNegativeAmounts() {
        assertEquals("$0.00", display("0"));
        assertEquals("$0.00", display("0.0000000000"));
        assertEquals("-$0.12", display("-0.12"));
        assertEquals("-$0.002471", display("-0.002471"));
        assertEquals("-$1,234.56", display("-1234.56"));
    }

    /** Half-even, for display only: the files keep every digit. */
    @Test
    void roundsHalfEven() {
        assertEquals("$2.34", display("2.345"));
        assertEquals("$2.36", display("2.355"));
        assertEquals("$0.02", display("0.015"));
        assertEquals("$0.02", display("0.025"));
        assertEquals("$0.002472", display("0.0024715"));
        assertEquals("$0.002472", display("0.0024725"));
        assertEquals("$0.01", display("0.0099996"), "a sub-cent amount that rounds up to a cent is shown in cents");
        assertEquals("$150.00", display("149.99999985"));
        assertEquals("149.99999985", Money.plain(new BigDecimal("149.99999985")));
    }
}
