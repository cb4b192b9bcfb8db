package dev.llmcost.collector.price;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
    private final Map<String, Deployment> deployments = new HashMap<>();
    private final Map<String, BigDecimal> deploymentTypes;
    private final List<Discount> discounts;
    private final Map<String, Unpriced> unpriced = new HashMap<>();
    private final PriceCatalog fallback;

    PriceCatalog(List<PriceEntry> entries, List<Deployment> deployments, Map<String, BigDecimal> deploymentTypes,
                 List<Discount> discounts, List<Unpriced> unpriced, PriceCatalog fallback) {
        this.discounts = List.copyOf(discounts);
        unpriced.forEach(model -> this.unpriced.put(key(model.provider(), model.model()), model));
        this.entries = List.copyOf(entries);
        this.deploymentTypes = Map.copyOf(deploymentTypes);
        this.fallback = fallback;
        deployments.forEach(d -> this.deployments.put(key(d.provider(), d.deployment()), d));
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

    /** This catalog with {@code overrides} taking precedence for every model and deployment they name. */
    public PriceCatalog overriddenBy(List<PriceEntry> overrides, List<Deployment> deployments,
                                     Map<String, BigDecimal> deploymentTypes, List<Discount> discounts,
                                     List<Unpriced> unpriced) {
        return new PriceCatalog(overrides, deployments, deploymentTypes, discounts, unpriced, this);
    }

    /** Why the catalog deliberately leaves this model unpriced, when it says so (under any of its names). */
    public Optional<String> whyUnpriced(String provider, String model) {
        if (provider == null || model == null) {
            return Optional.empty();
        }
        for (PriceCatalog catalog = this; catalog != null; catalog = catalog.fallback) {
            for (String name : ModelNames.candidates(provider, model)) {
                Unpriced known = catalog.unpriced.get(key(provider, name));
                if (known != null) {
                    return Optional.of(known.reason());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The discount on this entry's model: the most specific one (the model, else the provider's "*"), looking
     * at overrides first.
     */
    public Optional<Discount> discount(PriceEntry entry) {
        for (PriceCatalog catalog = this; catalog != null; catalog = catalog.fallback) {
            Optional<Discount> exact = catalog.discounts.stream()
                    .filter(d -> !"*".equals(d.model()) && d.appliesTo(entry.provider(), entry.model())).findFirst();
            if (exact.isPresent()) {
                return exact;
            }
            Optional<Discount> wide = catalog.discounts.stream()
                    .filter(d -> "*".equals(d.model()) && d.appliesTo(entry.provider(), entry.model())).findFirst();
            if (wide.isPresent()) {
                return wide;
            }
        }
        return Optional.empty();
    }

    /**
     * The entry a ledger row's {@code price_ref} names ({@code openai/gpt-4o-mini@2024-07-18}, optionally followed
     * by a deployment type's multiplier, {@code  x1.10 data_zone}), with that multiplier.
     */
    public Optional<PriceRef> byRef(String priceRef) {
        if (priceRef == null) {
            return Optional.empty();
        }
        String[] parts = priceRef.split(" ");
        BigDecimal multiplier = parts.length > 1 && parts[1].startsWith("x")
                ? new BigDecimal(parts[1].substring(1)) : BigDecimal.ONE;
        String base = parts[0];
        String serviceTier = null;
        int tier = base.indexOf('/', base.indexOf('@'));
        if (tier > 0) {
            serviceTier = base.substring(tier + 1);
            base = base.substring(0, tier);
        }
        for (PriceCatalog catalog = this; catalog != null; catalog = catalog.fallback) {
            for (PriceEntry entry : catalog.entries) {
                if (entry.ref().equals(base)) {
                    return Optional.of(new PriceRef(entry, multiplier, serviceTier));
                }
            }
        }
        return Optional.empty();
    }

    /** What a {@code price_ref} names: the entry, the multiplier applied to it, the service tier it priced. */
    public record PriceRef(PriceEntry entry, BigDecimal multiplier, String serviceTier) {

        /** The unit prices the row was charged, before the multiplier. */
        public TokenPrices prices(long inputTokens) {
            return entry.pricesFor(inputTokens, serviceTier).orElseGet(() -> entry.pricesFor(inputTokens));
        }
    }

    /** The deployment named {@code name} of {@code provider}, if the catalog maps it. */
    public Optional<Deployment> deployment(String provider, String name) {
        if (provider == null || name == null) {
            return Optional.empty();
        }
        Deployment found = deployments.get(key(provider, name));
        if (found != null) {
            return Optional.of(found);
        }
        return fallback == null ? Optional.empty() : fallback.deployment(provider, name);
    }

    boolean knowsDeploymentType(String provider, String type) {
        return deploymentTypes.containsKey(provider + '\u0000' + type)
                || (fallback != null && fallback.knowsDeploymentType(provider, type));
    }

    BigDecimal deploymentTypeMultiplier(String provider, String type) {
        BigDecimal multiplier = deploymentTypes.get(provider + '\u0000' + type);
        if (multiplier != null) {
            return multiplier;
        }
        return fallback == null ? BigDecimal.ONE : fallback.deploymentTypeMultiplier(provider, type);
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
