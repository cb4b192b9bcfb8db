package dev.llmcost.collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code allocate} over a ledger written by hand: every rule to the cent, scopes, no basis, and bad files. */
class AllocateCommandTest {

    @TempDir
    Path out;

    /** A ledger row; {@code cost} and the attribution as JSON literals' content ({@code null} for none). */
    static String call(String day, String feature, String customer, Long input, Long output, String cost) {
        return "{\"event_id\":\"e\",\"timestamp\":\"" + day + "T10:00:00.000Z\",\"provider\":\"openai\","
                + "\"operation\":\"chat\",\"request_model\":\"gpt-4o-mini\",\"response_model\":null,"
                + "\"usage_status\":\"" + (input == null ? "missing" : "reported") + "\",\"input_tokens\":" + input
                + ",\"output_tokens\":" + output + ",\"cache_read_tokens\":0,\"cache_write_tokens\":0,"
                + "\"reasoning_tokens\":0,\"cost_usd\":" + cost + ",\"feature\":" + quoted(feature)
                + ",\"customer\":" + quoted(customer) + ",\"team\":null,\"attributes\":{},\"service\":\"api\"}\n";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    void ledger(String day, String... rows) throws Exception {
        Path ledger = Files.createDirectories(out.resolve("ledger"));
        Files.writeString(ledger.resolve(day + ".jsonl"), String.join("", rows));
    }

    Path costs(String... entries) throws Exception {
        Path file = out.resolve("costs.json");
        Files.writeString(file, "{\"shared_costs\": [" + String.join(",", entries) + "]}");
        return file;
    }

    String allocate(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("--out", out.toString()));
        all.addAll(List.of(args));
        assertEquals(0, new AllocateCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(all));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> allocationFile(String period) throws Exception {
        return Files.readAllLines(out.resolve("allocations").resolve(period + ".csv"));
    }

    /** The rows of an allocation file after its header, and a check that they add up to {@code amount}. */
    List<String> rows(String period, String name, String amount) throws Exception {
        List<String> lines = allocationFile(period);
        assertEquals("name,dimension,value,basis_quantity,share,allocated_usd", lines.get(0));
        List<String> rows = lines.subList(1, lines.size()).stream().filter(line -> line.startsWith(name + ","))
                .toList();
        BigDecimal sum = rows.stream().map(row -> new BigDecimal(row.substring(row.lastIndexOf(',') + 1)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(new BigDecimal(amount).setScale(2), sum, rows.toString());
        return rows;
    }

    @Test
    void tokensInScopeSplitToTheCentWithCallsWithoutTheValueAsAnEmptyValue() throws Exception {
        ledger("2026-11-03",
                call("2026-11-03", "search", "acme", 1000L, 200L, "0.01"),
                call("2026-11-03", "search", "globex", 500L, 100L, "0.01"),
                call("2026-11-03", "chat", "acme", 5000L, 0L, "0.01"),      // out of scope
                call("2026-11-03", "search", null, 300L, 0L, "0.01"));
        ledger("2026-12-01", call("2026-12-01", "search", "acme", 9000L, 0L, "0.01")); // another period
        String printed = allocate("--costs", costs("""
                {"name": "vector-db", "amount_usd": "900.00", "period": "2026-11", "to": "customer",
                 "allocate_by": "tokens", "scope": {"feature": "search"}}""").toString());
        // 1200, 600 and 300 of 2100 tokens: 514.2857…, 257.1428…, 128.5714…; the cent left goes to acme (.57).
        assertEquals(List.of("vector-db,customer,,300,0.1428571429,128.57",
                "vector-db,customer,acme,1200,0.5714285714,514.29",
                "vector-db,customer,globex,600,0.2857142857,257.14"), rows("2026-11", "vector-db", "900"));
        assertTrue(printed.startsWith("allocated 2026-11: 1 shared cost, $900.00 -> "), printed);
        assertFalse(printed.contains("warning"), printed);
    }

    @Test
    void callsSplitAHundredThreeWaysTheTiedCentToTheFirstValueAndAnyValueScopeLeavesOutCallsWithout()
            throws Exception {
        ledger("2026-11-03",
                call("2026-11-03", "search", "globex", 10L, 0L, "0.01"),
                call("2026-11-03", "search", "acme", 10L, 0L, "0.01"),
                call("2026-11-04", "chat", "initech", null, null, "null"), // no usage: still a call
                call("2026-11-03", "search", null, 10L, 0L, "0.01"));
        allocate("--costs", costs("""
                {"name": "support", "amount_usd": 100, "period": "2026-11-03..2026-11-04", "to": "customer",
                 "allocate_by": "calls", "scope": {"customer": "*"}}""").toString());
        assertEquals(List.of("support,customer,acme,1,0.3333333333,33.34",
                "support,customer,globex,1,0.3333333333,33.33",
                "support,customer,initech,1,0.3333333333,33.33"), rows("2026-11-03..2026-11-04", "support", "100"));
    }

    @Test
    void costAndEqualAndWeightsWithAValueTheLedgerNeverSaw() throws Exception {
        ledger("2026-11-05",
                call("2026-11-05", "search", "acme", 10L, 0L, "0.20"),
                call("2026-11-05", "search", "acme", 10L, 0L, "0.10"),
                call("2026-11-05", "chat", "globex", 10L, 0L, "0.15"),
                call("2026-11-05", "chat", "initech", 10L, 0L, "0.05"),
                call("2026-11-05", "chat", "umbrella", 10L, 0L, "null")); // unpriced: cost basis 0
        allocate("--costs", costs("""
                {"name": "gateway", "amount_usd": "10.00", "period": "2026-11-05", "to": "customer",
                 "allocate_by": "cost"}""", """
                {"name": "on-call", "amount_usd": "100.00", "period": "2026-11", "to": "customer",
                 "allocate_by": "equal", "scope": {"customer": "*", "feature": "chat"}}""", """
                {"name": "platform-team", "amount_usd": "3000", "period": "2026-11", "to": "feature",
                 "allocate_by": "weights", "weights": {"search": 2, "support-chat": 1}}""", """
                {"name": "tiny", "amount_usd": "0.01", "period": "2026-11", "to": "feature",
                 "allocate_by": "weights", "weights": {"b": "1.5", "a": "1.5"}}""").toString());
        assertEquals(List.of("gateway,customer,acme,0.3,0.6,6.00", "gateway,customer,globex,0.15,0.3,3.00",
                "gateway,customer,initech,0.05,0.1,1.00", "gateway,customer,umbrella,0,0,0.00"),
                rows("2026-11-05", "gateway", "10"));
        // Equal: one share per customer of chat, however many calls each made.
        assertEquals(List.of("on-call,customer,globex,1,0.3333333333,33.34",
                "on-call,customer,initech,1,0.3333333333,33.33", "on-call,customer,umbrella,1,0.3333333333,33.33"),
                rows("2026-11", "on-call", "100"));
        // support-chat made no call and still gets its weight's share.
        assertEquals(List.of("platform-team,feature,search,2,0.6666666667,2000.00",
                "platform-team,feature,support-chat,1,0.3333333333,1000.00"), rows("2026-11", "platform-team", "3000"));
        assertEquals(List.of("tiny,feature,a,1.5,0.5,0.01", "tiny,feature,b,1.5,0.5,0.00"),
                rows("2026-11", "tiny", "0.01"), "a tie: the cent goes to the first value");
    }

    @Test
    void aPeriodWithNoBasisIsReportedUnallocatedNeverDropped() throws Exception {
        ledger("2026-11-05", call("2026-11-05", "search", "acme", null, null, "null"));
        String printed = allocate("--costs", costs("""
                {"name": "vector-db", "amount_usd": "900", "period": "2026-10", "to": "customer",
                 "allocate_by": "tokens"}""", """
                {"name": "cache", "amount_usd": "12.5", "period": "2026-11", "to": "customer",
                 "allocate_by": "tokens", "scope": {"feature": "search"}}""").toString());
        assertEquals(List.of("vector-db,customer,,0,1,900.00"), rows("2026-10", "vector-db", "900"));
        assertEquals(List.of("cache,customer,,0,1,12.50"), rows("2026-11", "cache", "12.5"));
        assertTrue(printed.contains("warning: shared cost vector-db (2026-10): $900.00 unallocated: no calls in "
                + "scope in 2026-10"), printed);
        assertTrue(printed.contains("warning: shared cost cache (2026-11): $12.50 unallocated: the 1 calls in scope "
                + "(feature=search) in 2026-11 have no tokens to split it by (basis 0)"), printed);
    }

    @Test
    void sinceAndUntilKeepTheCostsWhosePeriodLiesWithinThem() throws Exception {
        ledger("2026-11-05", call("2026-11-05", "search", "acme", 10L, 0L, "0.01"));
        String printed = allocate("--costs", costs("""
                {"name": "month", "amount_usd": "30", "period": "2026-11", "to": "customer", "allocate_by": "calls"}""",
                """
                {"name": "day", "amount_usd": "1", "period": "2026-11-05", "to": "customer", "allocate_by": "calls"}""")
                .toString(), "--since", "2026-11-05", "--until", "2026-11-30");
        assertTrue(printed.contains("note: shared cost month (2026-11) left out: its period is not wholly within "
                + "--since..--until"), printed);
        assertEquals(List.of("day,customer,acme,1,1,1.00"), rows("2026-11-05", "day", "1"));
        assertFalse(Files.exists(out.resolve("allocations/2026-11.csv")));
    }

    @Test
    void badFilesAreClearErrorsNamingTheFileTheEntryAndTheField() throws Exception {
        ledger("2026-11-05", call("2026-11-05", "search", "acme", 10L, 0L, "0.01"));
        String good = "\"name\": \"db\", \"period\": \"2026-11\", \"to\": \"customer\"";
        assertError("unknown allocate_by 'bytes' (known: tokens, calls, cost, equal, weights)",
                "{" + good + ", \"amount_usd\": \"1\", \"allocate_by\": \"bytes\"}");
        assertError("allocate_by weights needs 'weights'", "{" + good + ", \"amount_usd\": \"1\", "
                + "\"allocate_by\": \"weights\"}");
        assertError("amount_usd \"12,5\" is not an amount", "{" + good + ", \"amount_usd\": \"12,5\", "
                + "\"allocate_by\": \"calls\"}");
        assertError("amount_usd \"-5\" is negative", "{" + good + ", \"amount_usd\": \"-5\", "
                + "\"allocate_by\": \"calls\"}");
        assertError("amount_usd \"1.005\" has a fraction of a cent", "{" + good + ", \"amount_usd\": \"1.005\", "
                + "\"allocate_by\": \"calls\"}");
        assertError("period 'November' is not YYYY-MM, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
                "{\"name\": \"db\", \"period\": \"November\", \"to\": \"customer\", \"amount_usd\": \"1\", "
                        + "\"allocate_by\": \"calls\"}");
        assertError("period '2026-13' is not a real month or day",
                "{\"name\": \"db\", \"period\": \"2026-13\", \"to\": \"customer\", \"amount_usd\": \"1\", "
                        + "\"allocate_by\": \"calls\"}");
        assertError("unknown 'to' dimension 'colour'", "{\"name\": \"db\", \"period\": \"2026-11\", \"to\": "
                + "\"colour\", \"amount_usd\": \"1\", \"allocate_by\": \"calls\"}");
        assertError("unknown field 'scpoe'", "{" + good + ", \"amount_usd\": \"1\", \"allocate_by\": \"calls\", "
                + "\"scpoe\": {}}");
        assertError("'weights' given but allocate_by is calls", "{" + good + ", \"amount_usd\": \"1\", "
                + "\"allocate_by\": \"calls\", \"weights\": {\"a\": 1}}");
        Path costs = costs("{" + good + ", \"amount_usd\": \"1\", \"allocate_by\": \"calls\"}");
        CollectorException missing = assertThrows(CollectorException.class,
                () -> allocate("--costs", out.resolve("nope.json").toString()));
        assertTrue(missing.getMessage().contains("no shared-costs file"), missing.getMessage());
        Files.writeString(costs, "{\"shared_costs\": [");
        assertTrue(assertThrows(CollectorException.class, () -> allocate("--costs", costs.toString()))
                .getMessage().startsWith(costs + " is not JSON"));
        assertTrue(assertThrows(CollectorException.class, () -> allocate()).getMessage()
                .contains("allocate needs --costs FILE"));
        // Through the command line: status 2, as every problem the user can fix.
        assertEquals(2, Main.run(List.of("allocate", "--out", out.toString(), "--costs", costs.toString())));
    }

    private void assertError(String expected, String entry) throws Exception {
        Path file = costs(entry);
        CollectorException error = assertThrows(CollectorException.class, () -> allocate("--costs", file.toString()));
        assertTrue(error.getMessage().startsWith(file + ": shared_costs[0]"), error.getMessage());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
