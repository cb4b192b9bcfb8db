package dev.llmcost.collector.price;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices by provider, model (or alias) and day. A user's price file is layered over the bundled catalog:
 * where it prices a model, its entries are used; everything else keeps the bundled prices.
 */
public final class PriceCatalog {

    private static final String BUNDLED = "/llmcost-prices.json";

    private final Map<String, List<PriceEntry>> byName = new HashMap<>();
    private final List<PriceEntry> entries;
    private final PriceCatalog fallback;

    PriceCatalog(List<PriceEntry> entries, PriceCatalog fallback) {
        this.entries = List.copyOf(entries);
        this.fallback = fallback;
        for (PriceEntry entry : entries) {
            index(entry, entry.model());
            entry.aliases().forEach(alias -> index(entry, alias));
        }
        byName.values().forEach(list -> list.sort(Comparator.comparing(PriceEntry::validFrom)));
    }

    /** The catalog that ships with llmcost. */
    public static PriceCatalog bundled() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled price catalog " + BUNDLED + " is missing");
            }
            return PriceCatalogReader.read(in, "bundled catalog " + BUNDLED, null);
        } catch (IOException | PriceFileException e) {
            throw new IllegalStateException("the bundled price catalog is broken: " + e.getMessage(), e);
        }
    }

    /** This catalog with {@code overrides} taking precedence for every model they price. */
    public PriceCatalog overriddenBy(List<PriceEntry> overrides) {
        return new PriceCatalog(overrides, this);
    }

    public List<PriceEntry> entries() {
        return entries;
    }

    /**
     * The price in force on {@code day} for this model under any of its names ({@link ModelNames}), the most
     * specific name first, looking at overrides first for each.
     */
    public Optional<PriceEntry> find(String provider, String model, LocalDate day) {
        if (provider == null || model == null) {
            return Optional.empty();
        }
        for (String priceProvider : ModelNames.providers(provider)) {
            for (String name : ModelNames.candidates(priceProvider, model)) {
                Optional<PriceEntry> entry = findExactly(priceProvider, name, day);
                if (entry.isPresent()) {
                    return entry;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<PriceEntry> findExactly(String provider, String model, LocalDate day) {
        List<PriceEntry> candidates = byName.get(key(provider, model));
        if (candidates != null) {
            for (PriceEntry entry : candidates) {
                if (entry.validOn(day)) {
                    return Optional.of(entry);
                }
            }
        }
        return fallback == null ? Optional.empty() : fallback.findExactly(provider, model, day);
    }

    private void index(PriceEntry entry, String name) {
        byName.computeIfAbsent(key(entry.provider(), name), k -> new ArrayList<>()).add(entry);
    }

    private static String key(String provider, String model) {
        return provider.toLowerCase(Locale.ROOT) + '\u0000' + model.toLowerCase(Locale.ROOT);
    }
}
