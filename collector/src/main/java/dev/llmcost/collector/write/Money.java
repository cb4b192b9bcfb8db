package dev.llmcost.collector.write;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How amounts are written: {@link #plain} where programs read them (ledger, CSV, JSON, FOCUS) — exact, plain
 * (never 1E-7), without trailing zeros; {@link #display} where people read them (tables, HTML) — as people write
 * money.
 */
public final class Money {

    private static final BigDecimal CENT = new BigDecimal("0.01");
    /** Below a cent, cents would show $0.00 for a real cost: four significant digits show what it is. */
    private static final MathContext SUB_CENT = new MathContext(4, RoundingMode.HALF_EVEN);

    private Money() {
    }

    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    /**
     * For people, rounded half-even for display only: {@code $12.34}, {@code $1,234.56}, four significant
     * digits below a cent ({@code $0.002471}, trailing zeros dropped: {@code $0.0025}), {@code $0.00} for zero,
     * {@code -$0.12} for a negative amount.
     */
    public static String display(BigDecimal amount) {
        String sign = amount.signum() < 0 ? "-" : "";
        BigDecimal size = amount.abs();
        if (size.signum() != 0 && size.compareTo(CENT) < 0) {
            BigDecimal significant = size.round(SUB_CENT);
            if (significant.compareTo(CENT) < 0) {
                return sign + "$" + significant.stripTrailingZeros().toPlainString();
            }
        }
        BigDecimal cents = size.setScale(2, RoundingMode.HALF_EVEN);
        return (cents.signum() == 0 ? "" : sign) + "$" + dollarsAndCents().format(cents);
    }

    /** A new one each time: DecimalFormat is not thread-safe. */
    private static DecimalFormat dollarsAndCents() {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format;
    }
}
