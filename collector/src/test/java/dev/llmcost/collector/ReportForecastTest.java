package dev.llmcost.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code report --forecast} over a ledger written by hand: each group's month so far and where it ends. */
class ReportForecastTest {

    @TempDir
    Path out;

    private static String row(String timestamp, String feature, String cost) {
        return "{\"event_id\":\"e\",\"timestamp\":\"" + timestamp + "\",\"provider\":\"openai\",\"operation\":\"chat\","
                + "\"request_model\":\"gpt-4o-mini\",\"response_model\":null,\"usage_status\":\"reported\","
                + "\"input_tokens\":100,\"output_tokens\":10,\"cache_read_tokens\":0,\"cache_write_tokens\":0,"
                + "\"reasoning_tokens\":0,\"cost_usd\":" + cost + ",\"feature\":\"" + feature + "\",\"customer\":null,"
                + "\"team\":null,\"attributes\":{},\"service\":\"api\"}\n";
    }

    /**
     * June 2026: search spends $10 a day (two calls of 5) from the 1st, chat $1 a day from the 10th; on the 12th,
     * search's one call so far is at noon. An unpriced call is not spend.
     */
    private void ledger() throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        for (int dayOfMonth = 1; dayOfMonth <= 11; dayOfMonth++) {
            String day = LocalDate.of(2026, 6, dayOfMonth).toString();
            String rows = row(day + "T09:00:00.000Z", "search", "5.00") + row(day + "T15:00:00.000Z", "search", "5.00")
                    + row(day + "T16:00:00.000Z", "search", "null");
            if (dayOfMonth >= 10) {
                rows += row(day + "T10:00:00.000Z", "chat", "1.00");
            }
            Files.writeString(ledger.resolve(day + ".jsonl"), rows);
        }
        Files.writeString(ledger.resolve("2026-06-12.jsonl"), row("2026-06-12T12:00:00.000Z", "search", "5.00"));
    }

    private String report(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new ReportCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(args));
        assertEquals(0, exit);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTableOfEachGroupsMonthAsOfTheLatestCall() throws Exception {
        ledger();
        String table = report("--out", out.toString(), "--forecast");
        List<String> lines = table.lines().toList();
        assertEquals("llmcost forecast for the month 2026-06-01 to 2026-06-30 by feature, as of 2026-06-12T12:00:00Z "
                + "(the latest call): UTC days, priced calls", lines.get(0), table);
        // Half of the 12th has elapsed, so its 5 counts as a day of 10: 115 spent + 10 × 18.5 days = 300.
        // The table shows money as people write it; the JSON test checks the exact figures.
        assertTrue(lines.get(2).matches("\\s+search\\s+\\$115\\.00\\s+\\$300\\.00\\s+\\$300\\.00\\s+\\$300\\.00\\s+"
                + "trailing_mean_7d"), table);
        // chat: 2 complete days of 1 and the 12th's 0 by noon: 2 + 2/3 × 18.5, starred as not meaningful. Its
        // low is that fall continued (down to 0 from the 13th), its high the rate + the days' spread (0.577).
        assertTrue(lines.get(3).matches("\\s+chat\\s+\\$2\\.00\\s+\\$14\\.33\\*\\s+\\$2\\.08\\s+\\$25\\.01\\s+"
                + "trailing_mean_3d"), table);
        assertTrue(lines.get(4).matches("\\s+TOTAL\\s+\\$117\\.00\\s+\\$307\\.29\\s+.*"), table);
        assertTrue(table.contains("* fewer than 3 complete days of spend so far"), table);
    }

    @Test
    void jsonAndCsvAsOfANamedDayAndForAWeek() throws Exception {
        ledger();
        // As of the 11th: the ledger goes on after it, so the 11th is complete: 110 + 10 × 19.
        JsonNode json = new ObjectMapper().readTree(report("--out", out.toString(), "--forecast", "--as-of",
                "2026-06-11", "--format", "json"));
        assertEquals("month", json.path("period").asText());
        assertEquals("2026-06-12T00:00:00Z", json.path("as_of").asText());
        JsonNode search = json.path("rows").get(0);
        assertEquals("search", search.path("feature").asText());
        assertEquals("2026-06-01", search.path("period_start").asText());
        assertEquals("2026-06-30", search.path("period_end").asText());
        assertEquals("110", search.path("spent_usd").decimalValue().toPlainString());
        assertEquals("300", search.path("forecast_usd").decimalValue().toPlainString());
        assertEquals("300", search.path("forecast_low_usd").decimalValue().toPlainString());
        assertEquals("300", search.path("forecast_high_usd").decimalValue().toPlainString());
        assertEquals("trailing_mean_7d", search.path("method").asText());
        assertTrue(search.path("meaningful").asBoolean());
        assertFalse(json.path("rows").get(1).path("meaningful").asBoolean(), "chat has 2 days");
        // The total's trailing days are 10 five times, then 11 twice: 112 spent + (72/7 - their spread 0.488) × 19.
        assertEquals("298.157521", json.path("total").path("forecast_low_usd").decimalValue().toPlainString());

        // The week of Thursday June 11 is Monday 8th to Sunday 14th: 40 spent by then, 3 days to go at 10.
        String csv = report("--out", out.toString(), "--forecast", "--as-of", "2026-06-11", "--period", "week",
                "--format", "csv");
        assertEquals("feature,period_start,period_end,spent_usd,forecast_usd,forecast_low_usd,forecast_high_usd,"
                + "method,meaningful", csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("search,2026-06-08,2026-06-14,40,70,70,70,trailing_mean_7d,true"), csv);
    }

    @Test
    void optionsThatDoNotGoTogetherAreClearErrors() throws Exception {
        ledger();
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--forecast",
                "--since", "2026-06-01")).getMessage().contains("--since does not go with --forecast"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--as-of",
                "2026-06-01")).getMessage().contains("--as-of goes with --forecast"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--forecast",
                "--by", "day")).getMessage().contains("a forecast is per period"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--forecast",
                "--period", "year")).getMessage().contains("period 'year' is not day, week or month"));
        assertTrue(assertThrows(CollectorException.class, () -> report("--out", out.toString(), "--forecast",
                "--format", "html")).getMessage().contains("for a forecast (table, csv, json)"));
    }
}
