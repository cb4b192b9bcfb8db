package dev.llmcost.agent.extension;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map keyed by object identity that never keeps its keys alive: entries go once their key is
 * garbage collected. Used to attach agent state to objects the agent does not own (class loaders, HTTP calls)
 * without leaking them and without locks on lookups.
 */
public final class WeakIdentityMap<K, V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    public V get(K key) {
        return map.get(new Lookup(key));
    }

    public V remove(K key) {
        return map.remove(new Lookup(key));
    }

    /** Returns the value {@code key} had, or {@code null}. */
    public V put(K key, V value) {
        expungeCollected();
        return map.put(new WeakKey<>(key, collected), value);
    }

    public V computeIfAbsent(K key, Function<K, V> create) {
        V value = get(key);
        if (value != null) {
            return value;
        }
        expungeCollected();
        return map.computeIfAbsent(new WeakKey<>(key, collected), ignored -> create.apply(key));
    }

    /** True when there is no entry (some may be for keys already collected): a cheap check before a lookup. */
    public boolean isEmpty() {
        return map.isEmpty();
    }

    public int size() {
        expungeCollected();
        return map.size();
    }

    private void expungeCollected() {
        Object gone;
        while ((gone = collected.poll()) != null) {
            map.remove(gone);
        }
    }

    /** Equal to a {@link Lookup} or another key that refers to the same object. */
    private static final class WeakKey<K> extends WeakReference<K> {
        private final int hash;

        WeakKey(K referent, ReferenceQueue<K> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object referent = get();
            return referent != null && other instanceof Lookup lookup && lookup.referent == referent
                    || referent != null && other instanceof WeakKey<?> key && key.get() == referent;
        }
    }

    /** A strong key for lookups, set for the lookup only. */
    private static final class Lookup {
        private final Object referent;

        Lookup(Object referent) {
            this.referent = referent;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof WeakKey<?> key && key.get() == referent
                    || other instanceof Lookup lookup && lookup.referent == referent;
        }
    }
}
