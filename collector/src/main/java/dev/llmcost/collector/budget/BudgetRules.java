package dev.llmcost.collector.budget;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.collector.aggregate.CalendarPeriod;
import dev.llmcost.collector.aggregate.CallDimensions;
import dev.llmcost.collector.aggregate.Scope;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A budgets file ({@code collect --budgets FILE}, {@code budgets status}): budgets, anomaly rules and the webhook
 * alerts go to. Every problem in the file is found and named at once, with where it is.
 */
public record BudgetRules(ZoneId timezone, List<Budget> budgets, List<AnomalyRule> anomalies, Webhook webhook) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Spend of one scope over a period, against a limit; {@code warnPercent} may be null (no warning). */
    public record Budget(String name, Scope scope, CalendarPeriod period, BigDecimal limitUsd, BigDecimal warnPercent,
                         BigDecimal warnUsd) {
        /** {@code warnUsd}, the spend that raises the warning, is {@code warn_percent} of the limit, exactly. */
        public Budget(String name, Scope scope, CalendarPeriod period, BigDecimal limitUsd, BigDecimal warnPercent) {
            this(name, scope, period, limitUsd, warnPercent,
                    warnPercent == null ? null : limitUsd.multiply(warnPercent).movePointLeft(2));
        }
    }

    /**
     * A window's spend of one scope ({@code by}: one instance per combination of values) more than
     * {@code thresholdPercent} over the median of its trailing {@code baselineWindows} windows.
     */
    public record AnomalyRule(String name, List<String> by, Scope scope, Window window, int baselineWindows,
                              BigDecimal thresholdPercent, BigDecimal minBaselineUsd, int minWindows, Scope instances) {
        /** {@code instances}: the scope with every {@code by} dimension as {@code "*"}, one instance per combination. */
        public AnomalyRule(String name, List<String> by, Scope scope, Window window, int baselineWindows,
                           BigDecimal thresholdPercent, BigDecimal minBaselineUsd, int minWindows) {
            this(name, by, scope, window, baselineWindows, thresholdPercent, minBaselineUsd, minWindows,
                    instancesOf(scope, by));
        }

        private static Scope instancesOf(Scope scope, List<String> by) {
            Map<String, String> values = new LinkedHashMap<>(scope.values());
            by.forEach(dimension -> values.put(dimension, Scope.EACH));
            return new Scope(values);
        }
    }

    /** Where alerts are POSTed; header values with {@code ${ENV}} already taken from the environment. */
    public record Webhook(URI url, Map<String, String> headers) {
        /** The address without user info, query or fragment: safe to print. */
        public String printable() {
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getPath() == null ? "" : url.getPath());
        }
    }

    public static BudgetRules read(Path file) throws IOException {
        return read(file, System::getenv);
    }

    /**
     * @throws IllegalArgumentException naming the file and every problem in it
     */
    public static BudgetRules read(Path file, Function<String, String> environment) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not a budgets file (a JSON object with \"budgets\")");
        }
        List<String> problems = new ArrayList<>();
        ZoneId zone = ZoneId.of("UTC");
        if (root.hasNonNull("timezone")) {
            try {
                zone = ZoneId.of(root.path("timezone").asText());
            } catch (DateTimeException e) {
                problems.add("timezone '" + root.path("timezone").asText() + "' is not a timezone (e.g. UTC, "
                        + "Europe/Paris)");
            }
        }
        Set<String> names = new HashSet<>();
        List<Budget> budgets = new ArrayList<>();
        JsonNode budgetList = root.path("budgets");
        for (int i = 0; i < budgetList.size(); i++) {
            String where = "budgets[" + i + "]";
            Budget budget = budget(budgetList.get(i), where, problems);
            if (budget != null && !names.add(budget.name())) {
                problems.add(where + ": the name '" + budget.name() + "' is used twice");
            } else if (budget != null) {
                budgets.add(budget);
            }
        }
        List<AnomalyRule> anomalies = new ArrayList<>();
        JsonNode anomalyList = root.path("anomalies");
        for (int i = 0; i < anomalyList.size(); i++) {
            String where = "anomalies[" + i + "]";
            AnomalyRule rule = anomaly(anomalyList.get(i), where, problems);
            if (rule != null && !names.add(rule.name())) {
                problems.add(where + ": the name '" + rule.name() + "' is used twice");
            } else if (rule != null) {
                anomalies.add(rule);
            }
        }
        Webhook webhook = root.hasNonNull("webhook") ? webhook(root.path("webhook"), environment, problems) : null;
        if (budgets.isEmpty() && anomalies.isEmpty() && problems.isEmpty()) {
            problems.add("no budgets and no anomalies: nothing to watch");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        }
        return new BudgetRules(zone, List.copyOf(budgets), List.copyOf(anomalies), webhook);
    }

    private static Budget budget(JsonNode node, String where, List<String> problems) {
        int before = problems.size();
        String name = name(node, where, problems);
        Scope scope = scope(node.path("scope"), where, problems);
        CalendarPeriod period = null;
        try {
            period = CalendarPeriod.parse(node.path("period").asText(""));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
        BigDecimal limit = amount(node, "limit_usd", where, problems, true);
        BigDecimal warn = null;
        if (node.hasNonNull("warn_percent")) {
            warn = amount(node, "warn_percent", where, problems, true);
            if (warn != null && (warn.signum() <= 0 || warn.compareTo(BigDecimal.valueOf(100)) >= 0)) {
                problems.add(where + ": warn_percent must be above 0 and below 100");
            }
        }
        if (limit != null && limit.signum() <= 0) {
            problems.add(where + ": limit_usd must be above 0");
        }
        return problems.size() > before ? null : new Budget(name, scope, period, limit, warn);
    }

    private static AnomalyRule anomaly(JsonNode node, String where, List<String> problems) {
        int before = problems.size();
        String name = name(node, where, problems);
        List<String> by = new ArrayList<>();
        node.path("by").forEach(dimension -> by.add(dimension.asText()));
        if (by.isEmpty()) {
            problems.add(where + ": \"by\" must name at least one dimension (e.g. [\"feature\"])");
        }
        for (String dimension : by) {
            if (!CallDimensions.known(dimension)) {
                problems.add(where + ": '" + dimension + "' is not a dimension (" + String.join(", ",
                        CallDimensions.NAMES) + ", attributes.KEY)");
            }
        }
        Scope scope = scope(node.path("scope"), where, problems);
        Window window = null;
        try {
            window = Window.parse(node.path("window").asText(""));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
        int baseline = count(node, "baseline_windows", 24, where, problems);
        int minWindows = count(node, "min_windows", Math.min(baseline, 24), where, problems);
        BigDecimal threshold = amount(node, "threshold_percent", where, problems, true);
        BigDecimal minBaseline = node.hasNonNull("min_baseline_usd")
                ? amount(node, "min_baseline_usd", where, problems, true) : BigDecimal.ZERO;
        return problems.size() > before ? null
                : new AnomalyRule(name, List.copyOf(by), scope, window, baseline, threshold, minBaseline, minWindows);
    }

    private static String name(JsonNode node, String where, List<String> problems) {
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            problems.add(where + ": \"name\" is missing");
        }
        return name;
    }

    private static Scope scope(JsonNode node, String where, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return new Scope(values);
        }
        if (!node.isObject()) {
            problems.add(where + ": \"scope\" must be an object of dimension values");
            return new Scope(values);
        }
        node.fields().forEachRemaining(field -> {
            if (!CallDimensions.known(field.getKey())) {
                problems.add(where + ": scope '" + field.getKey() + "' is not a dimension (" + String.join(", ",
                        CallDimensions.NAMES) + ", attributes.KEY)");
            } else if (!field.getValue().isTextual() || field.getValue().asText().isEmpty()) {
                problems.add(where + ": scope '" + field.getKey() + "' must be a value or \"*\"");
            } else {
                values.put(field.getKey(), field.getValue().asText());
            }
        });
        return new Scope(values);
    }

    private static BigDecimal amount(JsonNode node, String field, String where, List<String> problems,
                                     boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(where + ": \"" + field + "\" is missing");
            }
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value.asText());
            if (amount.signum() < 0) {
                problems.add(where + ": \"" + field + "\" is negative");
                return null;
            }
            return amount;
        } catch (NumberFormatException e) {
            problems.add(where + ": \"" + field + "\" is not a number: '" + value.asText() + "'");
            return null;
        }
    }

    private static int count(JsonNode node, String field, int defaultValue, String where, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 10_000 || !value.isIntegralNumber()) {
            problems.add(where + ": \"" + field + "\" must be a whole number from 1 to 10000");
            return defaultValue;
        }
        return value.asInt();
    }

    private static Webhook webhook(JsonNode node, Function<String, String> environment, List<String> problems) {
        URI url;
        try {
            url = URI.create(node.path("url").asText(""));
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                problems.add("webhook: url must be an http or https address");
                return null;
            }
        } catch (IllegalArgumentException e) {
            problems.add("webhook: url is not an address");
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(header -> {
            Matcher variables = ENV.matcher(header.getValue().asText());
            StringBuilder value = new StringBuilder();
            while (variables.find()) {
                String set = environment.apply(variables.group(1));
                if (set == null) {
                    // The name of the variable, never a value: header values are secrets.
                    problems.add("webhook: header " + header.getKey() + " uses ${" + variables.group(1)
                            + "}, which is not set in the environment");
                    set = "";
                }
                variables.appendReplacement(value, Matcher.quoteReplacement(set));
            }
            variables.appendTail(value);
            headers.put(header.getKey(), value.toString());
        });
        return new Webhook(url, Map.copyOf(headers));
    }
}
