package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.collector.write.Money;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * One anomaly instance (a rule, for one combination of its {@code by} values): the spend of its current window,
 * exactly, and of the trailing windows in nano-dollars, in a ring as long as the baseline. The baseline, the
 * median of the trailing windows (empty windows count as zero), is computed once per window, when it starts.
 */
final class WindowSeries {

    /** The anomaly rule's name. */
    final String rule;
    final Map<String, String> scope;
    /** The first window anything was spent in: history is counted from it, so a new scope pages nobody. */
    final long firstWindow;
    long currentWindow;
    BigDecimal currentSpend = BigDecimal.ZERO;
    boolean raised;
    long baselineNanos;
    final long[] trailingNanos;

    /** Dropped from the book (idle for longer than its baseline). */
    boolean dropped;

    WindowSeries(String rule, Map<String, String> scope, long firstWindow, int baselineWindows) {
        this.rule = rule;
        this.scope = scope;
        this.firstWindow = firstWindow;
        this.currentWindow = firstWindow;
        this.trailingNanos = new long[baselineWindows];
    }

    /** Complete windows since the first. */
    long history() {
        return currentWindow - firstWindow;
    }

    /** Moves on to window {@code next}: the current one joins the trailing windows, and those in between as zero. */
    void moveTo(long next) {
        long gap = next - currentWindow;
        int length = trailingNanos.length;
        if (gap >= length + 1) {
            Arrays.fill(trailingNanos, 0);
        } else {
            trailingNanos[slot(currentWindow)] = currentSpend.movePointRight(9).longValue();
            for (long window = currentWindow + 1; window < next; window++) {
                trailingNanos[slot(window)] = 0;
            }
        }
        currentWindow = next;
        currentSpend = BigDecimal.ZERO;
        raised = false;
        baselineNanos = median();
    }

    /** A call for a window already past, still within the baseline: it counts there, not in the current window. */
    void addLate(long window, BigDecimal cost) {
        if (window >= firstWindow && currentWindow - window <= trailingNanos.length) {
            trailingNanos[slot(window)] += cost.movePointRight(9).longValue();
        }
    }

    private int slot(long window) {
        return (int) Math.floorMod(window, (long) trailingNanos.length);
    }

    private long median() {
        int windows = (int) Math.min(trailingNanos.length, history());
        if (windows == 0) {
            return 0;
        }
        long[] values = new long[windows];
        for (int i = 0; i < windows; i++) {
            values[i] = trailingNanos[slot(currentWindow - 1 - i)];
        }
        Arrays.sort(values);
        return windows % 2 == 1 ? values[windows / 2] : (values[windows / 2 - 1] + values[windows / 2]) / 2;
    }

    BigDecimal baselineUsd() {
        return BigDecimal.valueOf(baselineNanos, 9);
    }

    /** The spend a window must pass to be an anomaly: the baseline, {@code thresholdPercent} over; kept per window. */
    private BigDecimal line;
    private long lineWindow = Long.MIN_VALUE;

    BigDecimal lineUsd(BigDecimal thresholdPercent) {
        if (lineWindow != currentWindow) {
            line = baselineUsd().multiply(BigDecimal.valueOf(100).add(thresholdPercent)).movePointLeft(2);
            lineWindow = currentWindow;
        }
        return line;
    }

    void write(ObjectNode json) {
        ObjectNode scopeNode = json.putObject("scope");
        scope.forEach(scopeNode::put);
        json.put("first_window", firstWindow);
        json.put("current_window", currentWindow);
        json.put("current_spend_usd", Money.plain(currentSpend));
        json.put("raised", raised);
        json.put("baseline_nanos", baselineNanos);
        // Sparse: most scopes spend in few of their windows.
        ObjectNode trailing = json.putObject("trailing_nanos");
        for (int slot = 0; slot < trailingNanos.length; slot++) {
            if (trailingNanos[slot] != 0) {
                trailing.put(Integer.toString(slot), trailingNanos[slot]);
            }
        }
    }

    static WindowSeries read(String rule, JsonNode json, int baselineWindows) {
        Map<String, String> scope = new java.util.LinkedHashMap<>();
        json.path("scope").fields().forEachRemaining(f -> scope.put(f.getKey(), f.getValue().asText()));
        WindowSeries series = new WindowSeries(rule, scope, json.path("first_window").asLong(), baselineWindows);
        series.currentWindow = json.path("current_window").asLong();
        series.currentSpend = new BigDecimal(json.path("current_spend_usd").asText("0"));
        series.raised = json.path("raised").asBoolean();
        series.baselineNanos = json.path("baseline_nanos").asLong();
        json.path("trailing_nanos").fields().forEachRemaining(slot -> {
            int index = Integer.parseInt(slot.getKey());
            if (index < baselineWindows) {
                series.trailingNanos[index] = slot.getValue().asLong();
            }
        });
        return series;
    }
}
