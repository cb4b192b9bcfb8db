package dev.llmcost.collector.price;

/**
 * A model the catalog knows of and deliberately does not price, with the reason (no public price yet, an
 * invitation-only preview, billed in a unit that is not tokens). Its calls stay unpriced — {@code cost_usd} null,
 * never $0 — and their note says why.
 */
record Unpriced(String provider, String model, String reason, int line) {
}
