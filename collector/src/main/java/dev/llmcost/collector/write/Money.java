package dev.llmcost.collector.write;

import java.math.BigDecimal;

/** How amounts are written everywhere: exact, plain (never 1E-7), without trailing zeros. */
public final class Money {

    private Money() {
    }

    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
