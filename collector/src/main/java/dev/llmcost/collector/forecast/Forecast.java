package dev.llmcost.collector.forecast;

import java.math.BigDecimal;

/**
 * A period's forecast total spend: {@code expectedUsd} within {@code lowUsd..highUsd} (both include what was spent
 * so far; {@code lowUsd} is never below it), to {@value SpendForecaster#SCALE} decimals. {@code meaningful} is false
 * while there is too little history to act on (a budget does not alert on it); {@code method} names how it was made
 * ({@code trailing_mean_Nd} over N trailing days, {@code _by_weekday} when weekday-aware; {@code no_history};
 * {@code period_ended}).
 */
public record Forecast(BigDecimal expectedUsd, BigDecimal lowUsd, BigDecimal highUsd, boolean meaningful,
                       String method) {
}
