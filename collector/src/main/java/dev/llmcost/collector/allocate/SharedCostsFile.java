package dev.llmcost.collector.allocate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.collector.CollectorException;
import dev.llmcost.collector.read.LedgerDimensions;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@code --costs} file: {@code {"shared_costs": [{"name", "amount_usd", "period", "to", "allocate_by",
 * "scope"?, "weights"?}]}}. Strict, because a typo ({@code "scpoe"}) silently read as "no scope" would move money
 * to the wrong customers: every problem names the file, the entry and the field.
 */
public final class SharedCostsFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("name", "amount_usd", "period", "to", "allocate_by", "scope",
            "weights");

    private SharedCostsFile() {
    }

    public static List<SharedCost> read(Path file) throws CollectorException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new CollectorException("no shared-costs file " + file);
        } catch (JsonProcessingException e) {
            throw new CollectorException(file + " is not JSON: line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CollectorException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("shared_costs").isArray() || root.size() != 1) {
            throw new CollectorException(file + ": expected {\"shared_costs\": [ … ]} and nothing else");
        }
        List<SharedCost> costs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode entry : root.get("shared_costs")) {
            String where = file + ": shared_costs[" + index++ + "]";
            SharedCost cost = entry(entry, where);
            if (!seen.add(cost.name() + "\u0000" + cost.period().label())) {
                throw new CollectorException(where + ": " + cost.describe() + " is listed twice");
            }
            costs.add(cost);
        }
        return costs;
    }

    private static SharedCost entry(JsonNode entry, String position) throws CollectorException {
        if (!entry.isObject()) {
            throw new CollectorException(position + ": not an object");
        }
        String name = requiredText(entry, "name", position);
        String where = position + " (" + name + ")";
        for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new CollectorException(where + ": unknown field '" + field + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        BigDecimal amount = amount(entry.get("amount_usd"), where);
        CostPeriod period;
        try {
            period = CostPeriod.parse(requiredText(entry, "period", where));
        } catch (IllegalArgumentException e) {
            throw new CollectorException(where + ": " + e.getMessage());
        }
        String to = requiredText(entry, "to", where);
        if (!LedgerDimensions.isAttribution(to)) {
            throw new CollectorException(where + ": unknown 'to' dimension '" + to + "' (known: "
                    + String.join(", ", LedgerDimensions.ATTRIBUTION) + ", attributes.KEY)");
        }
        String ruleId = requiredText(entry, "allocate_by", where);
        AllocationRule rule = AllocationRule.byId(ruleId).orElseThrow(() -> new CollectorException(where
                + ": unknown allocate_by '" + ruleId + "' (known: " + AllocationRule.ids() + ")"));
        Map<String, BigDecimal> weights = weights(entry.get("weights"), rule, where);
        return new SharedCost(name, amount, period, to, rule, scope(entry.get("scope"), where), weights);
    }

    private static String requiredText(JsonNode entry, String field, String where) throws CollectorException {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            throw new CollectorException(where + ": '" + field + "' is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new CollectorException(where + ": '" + field + "' must be a non-empty string, not " + value);
        }
        return value.asText();
    }

    /** Dollars and whole cents, 0 or more: the parts are whole cents, so a fraction of a cent could not add up. */
    private static BigDecimal amount(JsonNode value, String where) throws CollectorException {
        if (value == null || value.isNull()) {
            throw new CollectorException(where + ": 'amount_usd' is missing");
        }
        BigDecimal amount = decimal(value, where + ": amount_usd");
        if (amount.signum() < 0) {
            throw new CollectorException(where + ": amount_usd " + value + " is negative");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new CollectorException(where + ": amount_usd " + value + " has a fraction of a cent");
        }
        return amount;
    }

    /** A JSON number or a string holding one ({@code "900.00"}, so no reader rounds it through a double). */
    private static BigDecimal decimal(JsonNode value, String what) throws CollectorException {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CollectorException(what + " " + value + " is not an amount");
    }

    private static Map<String, String> scope(JsonNode scope, String where) throws CollectorException {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (scope == null || scope.isNull()) {
            return conditions;
        }
        if (!scope.isObject()) {
            throw new CollectorException(where + ": 'scope' must be an object of dimension: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = scope.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> condition = fields.next();
            if (!LedgerDimensions.isAttribution(condition.getKey())) {
                throw new CollectorException(where + ": unknown scope dimension '" + condition.getKey() + "' (known: "
                        + String.join(", ", LedgerDimensions.ATTRIBUTION) + ", attributes.KEY)");
            }
            if (!condition.getValue().isTextual() || condition.getValue().asText().isEmpty()) {
                throw new CollectorException(where + ": scope " + condition.getKey() + " must be a non-empty string "
                        + "(\"*\" for any value), not " + condition.getValue());
            }
            conditions.put(condition.getKey(), condition.getValue().asText());
        }
        return Map.copyOf(conditions);
    }

    private static Map<String, BigDecimal> weights(JsonNode weights, AllocationRule rule, String where)
            throws CollectorException {
        boolean given = weights != null && !weights.isNull();
        if (rule != AllocationRule.WEIGHTS) {
            if (given) {
                throw new CollectorException(where + ": 'weights' given but allocate_by is " + rule.id()
                        + " (weights need allocate_by weights)");
            }
            return Map.of();
        }
        if (!given) {
            throw new CollectorException(where + ": allocate_by weights needs 'weights' {value: weight, …}");
        }
        if (!weights.isObject() || weights.isEmpty()) {
            throw new CollectorException(where + ": 'weights' must be a non-empty object of value: weight");
        }
        Map<String, BigDecimal> byValue = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Iterator<Map.Entry<String, JsonNode>> fields = weights.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> weight = fields.next();
            if (weight.getKey().isEmpty()) {
                throw new CollectorException(where + ": a weight for an empty value");
            }
            BigDecimal value = decimal(weight.getValue(), where + ": weight of " + weight.getKey());
            if (value.signum() < 0) {
                throw new CollectorException(where + ": weight of " + weight.getKey() + " is negative: " + value);
            }
            byValue.put(weight.getKey(), value);
            total = total.add(value);
        }
        if (total.signum() == 0) {
            throw new CollectorException(where + ": the weights add up to 0");
        }
        return java.util.Collections.unmodifiableMap(byValue);
    }
}
