package dev.llmcost.collector.allocate;

import java.math.BigDecimal;

/**
 * What one value of the receiving dimension gets of a shared cost.
 *
 * @param value     the value, or {@code null} for the calls in scope that have none
 * @param share     basis / total basis, 10 decimals, half-even
 * @param amountUsd whole cents (scale 2)
 */
public record AllocatedPart(String value, BigDecimal basis, BigDecimal share, BigDecimal amountUsd) {
}
