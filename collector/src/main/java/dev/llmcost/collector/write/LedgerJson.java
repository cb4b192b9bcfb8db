package dev.llmcost.collector.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.schema.CallField;
import dev.llmcost.agent.schema.CallJson;
import dev.llmcost.agent.schema.RecordForm;
import dev.llmcost.collector.price.PricedCall;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ledger line per call (schema in the README): the call's {@link CallField}s in their ledger form, and its
 * price right after the token counts it prices. Costs are written as exact decimals, never in exponent form;
 * token counts are the provider's own, normalised; absent values are {@code null}, never 0.
 */
public final class LedgerJson {

    /** The fields a ledger row has that a call does not: its price. */
    public static final List<String> PRICE_FIELDS = List.of("cost_usd", "price_ref", "cost_note");

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private LedgerJson() {
    }

    public static String line(PricedCall priced) {
        StringWriter out = new StringWriter(640);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (CallField field : CallField.values()) {
                CallJson.write(json, priced.call(), field, RecordForm.LEDGER);
                if (field == CallField.TOKENS) {
                    writePrice(json, priced);
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writePrice(JsonGenerator json, PricedCall priced) throws IOException {
        if (priced.costUsd() == null) {
            json.writeNullField(PRICE_FIELDS.get(0));
        } else {
            json.writeFieldName(PRICE_FIELDS.get(0));
            json.writeNumber(Money.plain(priced.costUsd()));
        }
        json.writeStringField(PRICE_FIELDS.get(1), priced.priceRef());
        json.writeStringField(PRICE_FIELDS.get(2), priced.costNote());
    }

    /**
     * A ledger row read back as the call it records (to price it again); the agent id is not in the ledger.
     *
     * @throws IllegalArgumentException naming the field, when the row lacks one a call needs or holds a value of
     *                                  the wrong type
     */
    public static CallRecord call(JsonNode row) {
        return CallJson.read(name -> plain(row.get(name)), RecordForm.LEDGER);
    }

    /** A JSON value as {@link CallJson.Fields} gives it. */
    private static Object plain(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            value.fields().forEachRemaining(field -> fields.put(field.getKey(), plain(field.getValue())));
            return fields;
        }
        return value.asText();
    }
}
