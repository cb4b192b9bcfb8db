package dev.llmcost.collector.aggregate;

import dev.llmcost.collector.write.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Calls that cost more than a threshold ({@code --warn-call-usd}, default $100): each is kept and priced, and
 * the costliest few are listed for a person to look at, so that a real $5,000 call is seen and a corrupted one is
 * caught. Memory is bounded: {@link #KEPT} calls and a count.
 */
public final class ExpensiveCalls {

    public static final BigDecimal DEFAULT_THRESHOLD_USD = new BigDecimal("100");
    static final int KEPT = 10;

    /** One call, as a person needs to find it again. */
    public record Call(String eventId, String day, String provider, String model, BigDecimal costUsd, String feature,
                       String customer) {

        /** A priced call, as listed. */
        public static Call of(dev.llmcost.collector.price.PricedCall priced) {
            var call = priced.call();
            return new Call(call.eventId(), priced.day().toString(), call.provider(), call.model(), priced.costUsd(),
                    call.feature(), call.customer());
        }

        /** One line for people (tables, the collect summary): day, event id, provider:model, cost, attribution. */
        public String describe() {
            return day + " " + eventId + " " + provider + ":" + model + " " + Money.display(costUsd)
                    + (feature == null ? "" : " feature " + feature)
                    + (customer == null ? "" : " customer " + customer);
        }
    }

    /** Most expensive first; calls of the same cost by event id, so the list does not depend on reading order. */
    private static final Comparator<Call> COSTLIEST_FIRST = Comparator.comparing(Call::costUsd).reversed()
            .thenComparing(Call::eventId, Comparator.nullsLast(Comparator.naturalOrder()));

    private final List<Call> costliest = new ArrayList<>();
    private long count;
    private BigDecimal threshold = DEFAULT_THRESHOLD_USD;

    /** The threshold the calls were listed against (a reprice lists its calls against the same). */
    public BigDecimal threshold() {
        return threshold;
    }

    public void threshold(BigDecimal usd) {
        threshold = usd;
    }

    /** Lists {@code call} if it cost more than the threshold. */
    public void addIfOver(Call call) {
        if (call.costUsd().compareTo(threshold) > 0) {
            add(call);
        }
    }

    /**
     * Forgets the calls made on or after {@code day} (a reprice lists them again at their new cost);
     * {@code over} is how many of them were over the threshold at their old cost.
     */
    public void forgetFrom(String day, long over) {
        costliest.removeIf(call -> call.day().compareTo(day) >= 0);
        count = Math.max(0, count - over);
    }

    public void add(Call call) {
        count++;
        costliest.add(call);
        costliest.sort(COSTLIEST_FIRST);
        if (costliest.size() > KEPT) {
            costliest.remove(KEPT);
        }
    }

    /**
     * Adds another list (a shard's, read beside this one): the counts add up and the costliest of both are kept.
     * The threshold stays this list's: each call listed was over its own collector's.
     */
    public void addAll(ExpensiveCalls other) {
        long count = this.count + other.count;
        other.costliest.forEach(this::add);
        this.count = count;
    }

    /** Restores the list from a checkpoint. */
    public void restore(BigDecimal threshold, long count, List<Call> calls) {
        this.threshold = threshold;
        this.count = count;
        costliest.clear();
        costliest.addAll(calls);
    }

    public long count() {
        return count;
    }

    /** The costliest calls, most expensive first. */
    public List<Call> costliest() {
        return List.copyOf(costliest);
    }
}
