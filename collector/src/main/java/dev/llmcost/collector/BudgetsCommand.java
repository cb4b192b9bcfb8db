package dev.llmcost.collector;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.JsonFactory;
import dev.llmcost.collector.budget.BudgetBook;
import dev.llmcost.collector.budget.BudgetLedgerReader;
import dev.llmcost.collector.budget.OutboxStatus;
import dev.llmcost.collector.read.LedgerShard;
import dev.llmcost.collector.read.OutputSet;
import dev.llmcost.collector.report.TextTable;
import dev.llmcost.collector.write.Money;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code budgets status [--out DIR]... [--budgets FILE] [--as-of DAY] [--format table|json]}: every budget, and every
 * instance of a {@code "*"} budget, with what its current period has spent, its limit, the percent, the forecast
 * at period end and its state — counted from the ledger, so it is right whether or not a collector ran with the
 * file. Without {@code --budgets}, the file the last {@code collect --budgets} used. Several shards are counted as
 * one ledger, their webhooks' counts added.
 */
final class BudgetsCommand {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final PrintStream out;

    BudgetsCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) throws CollectorException, IOException {
        if (args.isEmpty() || !args.get(0).equals("status")) {
            throw new CollectorException("usage: budgets status [--out DIR]... [--budgets FILE] [--as-of DAY] "
                    + "[--format table|json]");
        }
        Arguments arguments = new Arguments(args.subList(1, args.size()), Set.of("out", "budgets", "as-of",
                "format"), Set.of("out"), Set.of());
        OutputSet output = arguments.outputs();
        Budgets budgets = arguments.value("budgets") != null ? Budgets.readForStatus(Path.of(arguments.value("budgets")))
                : Budgets.keptIn(output);
        if (budgets == null) {
            throw new CollectorException("no budgets: name a file with --budgets (or run collect --budgets FILE"
                    + " on " + String.join(", ", output.names()) + ")");
        }
        LocalDate asOfDay = arguments.day("as-of");
        // A day given: as it stood at the end of it; else now.
        Instant asOf = asOfDay == null ? Instant.now()
                : asOfDay.plusDays(1).atStartOfDay(budgets.rules().timezone()).toInstant().minusMillis(1);
        List<BudgetBook.Status> rows = BudgetLedgerReader.status(output, budgets.rules(), asOf);
        OutboxStatus webhook = budgets.rules().webhook() == null ? null : webhookStatus(output);
        String format = arguments.value("format", "table");
        switch (format) {
            case "table" -> {
                table(rows, webhook);
                if (output.namesShards()) {
                    out.println("shards: " + output.describe());
                }
            }
            case "json" -> json(rows, webhook, asOf);
            default -> throw new CollectorException("unknown format '" + format + "' (table, json)");
        }
        return 0;
    }

    private static OutboxStatus webhookStatus(OutputSet output) throws IOException {
        List<OutboxStatus> statuses = new java.util.ArrayList<>();
        for (LedgerShard shard : output.shards()) {
            statuses.add(OutboxStatus.read(OutboxStatus.directoryOf(shard.directory())));
        }
        return OutboxStatus.sum(statuses);
    }

    private void table(List<BudgetBook.Status> rows, OutboxStatus webhook) {
        TextTable table = new TextTable("BUDGET", "SCOPE", "PERIOD", "SPENT", "LIMIT", "PERCENT", "FORECAST",
                "STATE");
        for (BudgetBook.Status row : rows) {
            table.row(row.budget().name(), scope(row.scope()), row.periodStart() + ".." + row.periodEnd(),
                    dollars(row.spentUsd()), dollars(row.budget().limitUsd()), row.percent() + "%",
                    row.forecast().meaningful() ? dollars(row.forecast().expectedUsd()) + " ("
                            + dollars(row.forecast().lowUsd()) + "–" + dollars(row.forecast().highUsd()) + ")"
                            : "not yet", row.state());
        }
        table.print(out);
        if (webhook != null) {
            out.println(webhook.describe(null));
        }
    }

    private void json(List<BudgetBook.Status> rows, OutboxStatus webhook, Instant asOf) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("as_of", asOf.toString());
            json.writeArrayFieldStart("budgets");
            for (BudgetBook.Status row : rows) {
                json.writeStartObject();
                json.writeStringField("name", row.budget().name());
                json.writeObjectFieldStart("scope");
                for (Map.Entry<String, String> value : row.scope().entrySet()) {
                    json.writeStringField(value.getKey(), value.getValue());
                }
                json.writeEndObject();
                json.writeStringField("period", row.budget().period().label());
                json.writeStringField("period_start", row.periodStart().toString());
                json.writeStringField("period_end", row.periodEnd().toString());
                money(json, "spent_usd", row.spentUsd());
                money(json, "limit_usd", row.budget().limitUsd());
                json.writeFieldName("percent");
                json.writeNumber(row.percent());
                money(json, "forecast_usd", row.forecast().expectedUsd());
                money(json, "forecast_low_usd", row.forecast().lowUsd());
                money(json, "forecast_high_usd", row.forecast().highUsd());
                json.writeBooleanField("forecast_meaningful", row.forecast().meaningful());
                json.writeStringField("forecast_method", row.forecast().method());
                json.writeStringField("state", row.state());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (webhook != null) {
                json.writeObjectFieldStart("webhook");
                json.writeNumberField("delivered", webhook.delivered);
                json.writeNumberField("failed_attempts", webhook.failedAttempts);
                json.writeNumberField("given_up", webhook.givenUp);
                json.writeStringField("last_error", webhook.lastError);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        out.println();
    }

    private static void money(JsonGenerator json, String field, BigDecimal amount) throws IOException {
        json.writeFieldName(field);
        json.writeNumber(new BigDecimal(Money.plain(amount)));
    }

    private static String scope(Map<String, String> scope) {
        return scope.isEmpty() ? "(all calls)" : scope.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String dollars(BigDecimal amount) {
        return Money.display(amount);
    }
}
