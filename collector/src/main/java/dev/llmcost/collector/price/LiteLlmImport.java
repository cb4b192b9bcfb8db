package dev.llmcost.collector.price;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmcost.agent.schema.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts LiteLLM's {@code model_prices_and_context_window.json} (prices per token, no dates) into an llmcost
 * price file (prices per million tokens, valid from a given day), so users can refresh prices from a copy they
 * trust. Entries of providers llmcost does not capture, non-token modes (images, audio) and regional keys
 * LiteLLM spells into the model name are left out and counted.
 */
public final class LiteLlmImport {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The price file, and how many LiteLLM entries were imported and left out. */
    public record Result(ObjectNode priceFile, int imported, int skipped) {
    }

    private LiteLlmImport() {
    }

    public static Result convert(InputStream liteLlm, LocalDate validFrom, String sourceName) throws IOException {
        JsonNode root = JSON.readTree(liteLlm);
        if (root == null || !root.isObject()) {
            throw new IOException(sourceName + " is not LiteLLM's price map (a JSON object of models)");
        }
        ObjectNode file = JSON.createObjectNode();
        file.put("format", "llmcost-prices/1");
        file.put("about", "Imported from LiteLLM's model_prices_and_context_window.json (" + sourceName + ")");
        ArrayNode prices = file.putArray("prices");
        int imported = 0;
        int skipped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> models = root.fields(); models.hasNext(); ) {
            Map.Entry<String, JsonNode> model = models.next();
            ObjectNode entry = entry(model.getKey(), model.getValue(), validFrom, sourceName);
            if (entry == null) {
                skipped++;
            } else {
                prices.add(entry);
                imported++;
            }
        }
        return new Result(file, imported, skipped);
    }

    private static ObjectNode entry(String key, JsonNode spec, LocalDate validFrom, String sourceName) {
        String provider = Provider.byLiteLlmKey(spec.path("litellm_provider").asText()).map(Provider::id)
                .orElse(null);
        String mode = spec.path("mode").asText("chat");
        BigDecimal input = perMillion(spec, "input_cost_per_token");
        BigDecimal output = perMillion(spec, "output_cost_per_token");
        if (provider == null || input == null || !(mode.equals("chat") || mode.equals("completion")
                || mode.equals("embedding") || mode.equals("responses"))) {
            return null;
        }
        String model = key.contains("/") ? key.substring(key.lastIndexOf('/') + 1) : key;
        if (key.split("/").length > 2) {
            return null; // a regional key (azure/eu/gpt-4o, bedrock/us-east-1/…): its region is not a model name
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("provider", provider);
        entry.put("model", model);
        entry.putArray("aliases");
        entry.put("valid_from", validFrom.toString());
        ObjectNode usd = prices(spec, "", input, output);
        entry.set("usd_per_million_tokens", usd);
        BigDecimal inputAbove = perMillion(spec, "input_cost_per_token_above_200k_tokens");
        if (inputAbove != null) {
            BigDecimal outputAbove = perMillion(spec, "output_cost_per_token_above_200k_tokens");
            ObjectNode tier = entry.putArray("tiers").addObject();
            tier.put("above_input_tokens", 200_000);
            tier.set("usd_per_million_tokens", prices(spec, "_above_200k_tokens", inputAbove,
                    outputAbove != null ? outputAbove : output));
        }
        entry.put("source", "LiteLLM " + sourceName + " (" + key + ")");
        return entry;
    }

    private static ObjectNode prices(JsonNode spec, String suffix, BigDecimal input, BigDecimal output) {
        ObjectNode usd = JSON.createObjectNode();
        usd.put("input", plain(input));
        put(usd, "cache_read", perMillion(spec, "cache_read_input_token_cost" + suffix));
        put(usd, "cache_write", perMillion(spec, "cache_creation_input_token_cost" + suffix));
        put(usd, "cache_write_1h", perMillion(spec, "cache_creation_input_token_cost_above_1hr" + suffix));
        usd.put("output", plain(output == null ? BigDecimal.ZERO : output));
        put(usd, "reasoning", perMillion(spec, "output_cost_per_reasoning_token" + suffix));
        return usd;
    }

    private static void put(ObjectNode usd, String field, BigDecimal value) {
        if (value != null) {
            usd.put(field, plain(value));
        }
    }

    /** LiteLLM's USD per token as USD per million, exactly (its numbers are read as decimals, never doubles). */
    private static BigDecimal perMillion(JsonNode spec, String field) {
        JsonNode value = spec.get(field);
        return value == null || !value.isNumber() ? null : value.decimalValue().movePointRight(6);
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
