package dev.llmcost.collector.price;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every model the SDK versions this project tests name as constants — the models an application most likely
 * calls — is priced by the bundled catalog today, or listed in it as deliberately unpriced with the reason. A new
 * SDK release that names a model the catalog does not know fails here, before users see {@code cost_usd: null}.
 */
class SdkModelConstantsTest {

    /** provider → the SDK classes whose constants name models. */
    private static final Map<String, List<String>> MODEL_CLASSES = Map.of(
            "anthropic", List.of("com.anthropic.models.messages.Model"),
            "openai", List.of("com.openai.models.ChatModel", "com.openai.models.ResponsesModel$ResponsesOnlyModel",
                    "com.openai.models.embeddings.EmbeddingModel",
                    "com.openai.models.completions.CompletionCreateParams$Model"));

    @Test
    void everyModelConstantIsPricedOrSaidUnpricedWithTheReason() throws Exception {
        PriceCatalog catalog = PriceCatalog.bundled();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<String>> sdk : MODEL_CLASSES.entrySet()) {
            for (String className : sdk.getValue()) {
                for (String model : constants(Class.forName(className))) {
                    checked++;
                    if (catalog.find(sdk.getKey(), model, today).isEmpty()
                            && catalog.whyUnpriced(sdk.getKey(), model).isEmpty()) {
                        unknown.add(sdk.getKey() + "/" + model + " (" + className + ")");
                    }
                }
            }
        }
        assertTrue(checked > 100, "read the SDKs' constants: " + checked);
        assertTrue(unknown.isEmpty(), "neither priced nor listed under \"unpriced\" in llmcost-prices.json: "
                + unknown);
    }

    /** The model ids of a class's public static constants of its own type ({@code ChatModel.GPT_4O}). */
    private static List<String> constants(Class<?> type) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
                ids.add((String) type.getMethod("asString").invoke(field.get(null)));
            }
        }
        return ids;
    }
}
