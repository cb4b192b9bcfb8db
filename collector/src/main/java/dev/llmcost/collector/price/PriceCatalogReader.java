package dev.llmcost.collector.price;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a price file (the format of {@code llmcost-prices.json}, documented in the README). Every problem is
 * collected, not only the first, and each names the line of the entry and the field:
 * {@code line 12 (openai/gpt-4o): usd_per_million_tokens.output is not a decimal number: "ten"}.
 */
public final class PriceCatalogReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> ENTRY_FIELDS = Set.of("provider", "model", "aliases", "valid_from",
            "valid_until", "usd_per_million_tokens", "usd_per_request", "tiers", "service_tiers", "regional_endpoint_multiplier", "source",
            "notes");
    private static final Set<String> PRICE_FIELDS = Set.of("input", "cache_read", "cache_write", "cache_write_1h",
            "output", "reasoning");
    private static final Set<String> DEPLOYMENT_FIELDS = Set.of("provider", "deployment", "model",
            "deployment_type", "notes");
    private static final Set<String> TIER_FIELDS = Set.of("above_input_tokens", "usd_per_million_tokens");
    private static final Set<String> UNPRICED_FIELDS = Set.of("provider", "model", "reason", "source");

    private PriceCatalogReader() {
    }

    /** Reads {@code in}; with a {@code base}, the result is the base overridden by this file. */
    public static PriceCatalog read(InputStream in, String sourceName, PriceCatalog base)
            throws IOException, PriceFileException {
        List<String> problems = new ArrayList<>();
        List<PriceEntry> entries = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>();
        Map<String, BigDecimal> deploymentTypes = new HashMap<>();
        List<Discount> discounts = new ArrayList<>();
        List<Unpriced> unpriced = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PriceFileException(sourceName, List.of("line 1: a price file is a JSON object with an "
                        + "\"prices\" array"));
            }
            boolean sawPrices = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("prices".equals(field) && value == JsonToken.START_ARRAY) {
                    sawPrices = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        int line = parser.currentTokenLocation().getLineNr();
                        JsonNode node = JSON.readTree(parser);
                        PriceEntry entry = entry(node, line, sourceName, problems);
                        if (entry != null) {
                            entries.add(entry);
                        }
                    }
                } else if ("deployments".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        int line = parser.currentTokenLocation().getLineNr();
                        Deployment deployment = deployment(JSON.readTree(parser), line, problems);
                        if (deployment != null) {
                            deployments.add(deployment);
                        }
                    }
                } else if ("discounts".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        int line = parser.currentTokenLocation().getLineNr();
                        Discount discount = discount(JSON.readTree(parser), line, problems);
                        if (discount != null) {
                            discounts.add(discount);
                        }
                    }
                } else if ("unpriced".equals(field) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        int line = parser.currentTokenLocation().getLineNr();
                        Unpriced model = unpriced(JSON.readTree(parser), line, problems);
                        if (model != null) {
                            unpriced.add(model);
                        }
                    }
                } else if ("deployment_types".equals(field) && value == JsonToken.START_OBJECT) {
                    int line = parser.currentTokenLocation().getLineNr();
                    deploymentTypes(JSON.readTree(parser), line, deploymentTypes, problems);
                } else {
                    parser.skipChildren();
                }
            }
            if (!sawPrices) {
                problems.add("line 1: no \"prices\" array");
            }
        } catch (JsonProcessingException e) {
            problems.add("line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        checkOverlaps(entries, problems);
        if (!problems.isEmpty()) {
            throw new PriceFileException(sourceName, problems);
        }
        for (Deployment deployment : deployments) {
            String type = deployment.type();
            boolean known = deploymentTypes.containsKey(deployment.provider() + '\u0000' + type)
                    || (base != null && base.knowsDeploymentType(deployment.provider(), type));
            if (!known) {
                problems.add("line " + deployment.line() + " (deployment " + deployment.deployment()
                        + "): deployment_type \"" + type + "\" has no multiplier for " + deployment.provider()
                        + " (add it under \"deployment_types\")");
            }
        }
        if (!problems.isEmpty()) {
            throw new PriceFileException(sourceName, problems);
        }
        return base == null ? new PriceCatalog(entries, deployments, deploymentTypes, discounts, unpriced, null)
                : base.overriddenBy(entries, deployments, deploymentTypes, discounts, unpriced);
    }

    private static PriceEntry entry(JsonNode node, int line, String sourceName, List<String> problems) {
        String provider = text(node, "provider");
        String model = text(node, "model");
        String where = "line " + line + (provider != null && model != null ? " (" + provider + "/" + model + ")" : "");
        int before = problems.size();
        unknownFields(node, ENTRY_FIELDS, where, problems);
        if (provider == null) {
            problems.add(where + ": provider is missing (an OpenTelemetry gen_ai.provider.name, e.g. \"openai\")");
        }
        if (model == null) {
            problems.add(where + ": model is missing");
        }
        List<String> aliases = new ArrayList<>();
        JsonNode aliasNode = node.get("aliases");
        if (aliasNode != null && !aliasNode.isNull()) {
            if (!aliasNode.isArray()) {
                problems.add(where + ": aliases must be an array of model names");
            } else {
                aliasNode.forEach(alias -> {
                    if (alias.isTextual() && !alias.asText().isBlank()) {
                        aliases.add(alias.asText());
                    } else {
                        problems.add(where + ": aliases holds a value that is not a model name: " + alias);
                    }
                });
            }
        }
        LocalDate validFrom = date(node, "valid_from", where, problems, true);
        LocalDate validUntil = date(node, "valid_until", where, problems, false);
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
            problems.add(where + ": valid_until " + validUntil + " is not after valid_from " + validFrom);
        }
        BigDecimal perRequest = node.has("usd_per_request")
                ? decimal(node, "", "usd_per_request", where, problems, false) : null;
        TokenPrices prices = withFee(prices(node.get("usd_per_million_tokens"), where, "", problems), perRequest);
        List<PriceEntry.Tier> tiers = tiers(node.get("tiers"), where, problems).stream()
                .map(tier -> new PriceEntry.Tier(tier.aboveInputTokens(), withFee(tier.prices(), perRequest)))
                .toList();
        String source = text(node, "source");
        if (source == null) {
            problems.add(where + ": source is missing (where this price was published)");
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, TokenPrices> serviceTiers = new HashMap<>();
        JsonNode tierNode = node.get("service_tiers");
        if (tierNode != null && tierNode.isObject()) {
            tierNode.fields().forEachRemaining(tier -> serviceTiers.put(tier.getKey(), withFee(prices(
                    tier.getValue(), where, "service_tiers." + tier.getKey() + ".", problems), perRequest)));
        } else if (tierNode != null && !tierNode.isNull()) {
            problems.add(where + ": service_tiers must be an object of prices by tier, e.g. {\"flex\": {…}}");
        }
        if (problems.size() > before) {
            return null;
        }
        BigDecimal regional = node.has("regional_endpoint_multiplier")
                ? decimal(node, "", "regional_endpoint_multiplier", where, problems, false) : null;
        if (problems.size() > before) {
            return null;
        }
        return new PriceEntry(provider, model, List.copyOf(aliases), validFrom, validUntil, prices, tiers,
                Map.copyOf(serviceTiers), regional, source, sourceName, line);
    }

    /** {"provider": "azure.ai.openai", "deployment": "prod-eu", "model": "gpt-4o", "deployment_type": "data_zone"} */
    private static Deployment deployment(JsonNode node, int line, List<String> problems) {
        String where = "line " + line + " (deployment)";
        unknownFields(node, DEPLOYMENT_FIELDS, where, problems);
        String provider = text(node, "provider");
        String deployment = text(node, "deployment");
        int before = problems.size();
        if (provider == null) {
            problems.add(where + ": provider is missing (e.g. \"azure.ai.openai\")");
        }
        if (deployment == null) {
            problems.add(where + ": deployment is missing (the name requests use)");
        }
        String type = text(node, "deployment_type");
        return problems.size() > before ? null
                : new Deployment(provider, deployment, text(node, "model"), type == null ? "global" : type, line);
    }

    /** {"provider": "anthropic", "model": "claude-mythos-preview", "reason": "…"}: known, deliberately unpriced. */
    private static Unpriced unpriced(JsonNode node, int line, List<String> problems) {
        String where = "line " + line + " (unpriced)";
        unknownFields(node, UNPRICED_FIELDS, where, problems);
        int before = problems.size();
        for (String field : List.of("provider", "model", "reason")) {
            if (text(node, field) == null) {
                problems.add(where + ": " + field + " is missing");
            }
        }
        return problems.size() > before ? null
                : new Unpriced(text(node, "provider"), text(node, "model"), text(node, "reason"), line);
    }

    /** {"provider": "openai", "model": "*", "percent_off": "15"}: a negotiated rate off list price. */
    private static Discount discount(JsonNode node, int line, List<String> problems) {
        String where = "line " + line + " (discount)";
        String provider = text(node, "provider");
        String model = text(node, "model");
        int before = problems.size();
        if (provider == null) {
            problems.add(where + ": provider is missing");
        }
        BigDecimal percent = decimal(node, "", "percent_off", where, problems, true);
        if (percent != null && percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(where + ": percent_off " + percent.toPlainString() + " is over 100");
        }
        return problems.size() > before ? null : new Discount(provider, model == null ? "*" : model, percent, line);
    }

    /** {"azure.ai.openai": {"global": "1", "data_zone": "1.10"}}: price multipliers by deployment type. */
    private static void deploymentTypes(JsonNode node, int line, Map<String, BigDecimal> into, List<String> problems) {
        node.fields().forEachRemaining(provider -> {
            if (!provider.getValue().isObject()) {
                problems.add("line " + line + ": deployment_types." + provider.getKey()
                        + " must be an object of multipliers by deployment type");
                return;
            }
            provider.getValue().fields().forEachRemaining(type -> {
                try {
                    BigDecimal multiplier = new BigDecimal(type.getValue().asText().trim());
                    if (multiplier.signum() <= 0) {
                        throw new NumberFormatException();
                    }
                    into.put(provider.getKey() + '\u0000' + type.getKey(), multiplier);
                } catch (NumberFormatException e) {
                    problems.add("line " + line + ": deployment_types." + provider.getKey() + "." + type.getKey()
                            + " is not a positive decimal multiplier: " + type.getValue());
                }
            });
        });
    }

    /** {@code tiers}: [{"above_input_tokens": 200000, "usd_per_million_tokens": {…}}, …], ascending. */
    private static List<PriceEntry.Tier> tiers(JsonNode node, String where, List<String> problems) {
        List<PriceEntry.Tier> tiers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tiers;
        }
        if (!node.isArray()) {
            problems.add(where + ": tiers must be an array of {above_input_tokens, usd_per_million_tokens}");
            return tiers;
        }
        long previous = -1;
        for (int i = 0; i < node.size(); i++) {
            JsonNode tier = node.get(i);
            String field = "tiers[" + i + "]";
            for (Iterator<String> fields = tier.fieldNames(); fields.hasNext(); ) {
                String name = fields.next();
                if (!TIER_FIELDS.contains(name)) {
                    problems.add(where + ": unknown field \"" + field + "." + name + "\"");
                }
            }
            JsonNode above = tier.get("above_input_tokens");
            if (above == null || !above.canConvertToLong() || above.asLong() <= previous) {
                problems.add(where + ": " + field + ".above_input_tokens must be a whole number of tokens, above "
                        + "the previous tier's");
                continue;
            }
            previous = above.asLong();
            TokenPrices prices = prices(tier.get("usd_per_million_tokens"), where, field + ".", problems);
            tiers.add(new PriceEntry.Tier(previous, prices));
        }
        return List.copyOf(tiers);
    }

    private static TokenPrices prices(JsonNode node, String where, String prefix, List<String> problems) {
        String name = prefix + "usd_per_million_tokens";
        if (node == null || !node.isObject()) {
            problems.add(where + ": " + name + " is missing (an object with input and output)");
            return null;
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!PRICE_FIELDS.contains(field)) {
                problems.add(where + ": unknown field \"" + name + "." + field + "\" (known: "
                        + String.join(", ", PRICE_FIELDS.stream().sorted().toList()) + ")");
            }
        }
        BigDecimal input = decimal(node, name, "input", where, problems, true);
        BigDecimal output = decimal(node, name, "output", where, problems, true);
        BigDecimal cacheRead = decimal(node, name, "cache_read", where, problems, false);
        BigDecimal cacheWrite = decimal(node, name, "cache_write", where, problems, false);
        BigDecimal cacheWrite1h = decimal(node, name, "cache_write_1h", where, problems, false);
        BigDecimal reasoning = decimal(node, name, "reasoning", where, problems, false);
        return new TokenPrices(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, null);
    }

    /** The entry's fee per request applies whatever tier the tokens fall in. */
    private static TokenPrices withFee(TokenPrices prices, BigDecimal perRequest) {
        return prices == null || perRequest == null ? prices : new TokenPrices(prices.input(), prices.cacheRead(),
                prices.cacheWrite(), prices.cacheWrite1h(), prices.output(), prices.reasoning(), perRequest);
    }

    private static BigDecimal decimal(JsonNode node, String object, String field, String where,
                                      List<String> problems, boolean required) {
        String name = object.isEmpty() ? field : object + "." + field;
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(where + ": " + name + " is missing");
            }
            return null;
        }
        BigDecimal number;
        try {
            number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            problems.add(where + ": " + name + " is not a decimal number: " + value);
            return null;
        }
        if (number.signum() < 0) {
            problems.add(where + ": " + name + " is negative: " + number.toPlainString());
            return null;
        }
        return number;
    }

    private static LocalDate date(JsonNode node, String field, String where, List<String> problems,
                                  boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(where + ": " + field + " is missing (YYYY-MM-DD, UTC)");
            }
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            problems.add(where + ": " + field + " is not a date (YYYY-MM-DD): " + value);
            return null;
        }
    }

    /** Every field of {@code node} that is not one of {@code known}, as a problem naming the known ones. */
    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!known.contains(field)) {
                problems.add(where + ": unknown field \"" + field + "\" (known: " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText().trim();
    }

    /** Two prices for the same model on the same day would make history ambiguous. */
    private static void checkOverlaps(List<PriceEntry> entries, List<String> problems) {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                PriceEntry a = entries.get(i);
                PriceEntry b = entries.get(j);
                if (a.provider().equalsIgnoreCase(b.provider()) && sharesAName(a, b) && a.overlaps(b)) {
                    problems.add("line " + b.line() + " (" + b.provider() + "/" + b.model() + "): valid "
                            + b.validFrom() + " to " + (b.validUntil() == null ? "now" : b.validUntil())
                            + " overlaps the entry at line " + a.line() + " for the same model");
                }
            }
        }
    }

    private static boolean sharesAName(PriceEntry a, PriceEntry b) {
        List<String> namesOfA = new ArrayList<>(a.aliases());
        namesOfA.add(a.model());
        List<String> namesOfB = new ArrayList<>(b.aliases());
        namesOfB.add(b.model());
        return namesOfA.stream().anyMatch(name -> namesOfB.stream().anyMatch(name::equalsIgnoreCase));
    }
}
