package dev.llmcost.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the token counts providers report, and only those that are counts: a JSON integer (or a header of
 * digits) that is not negative and not above {@link #max()}. Everything else is refused with an
 * {@link InvalidCountException} naming the field, so that a corrupted or absurd number is flagged instead of
 * priced. Sums of counts are overflow-checked.
 */
public final class TokenCount {

    /** Far above any real call (the largest context windows are a few million tokens). */
    public static final long DEFAULT_MAX = 1_000_000_000L;
    private static final int MAX_QUOTED_NUMBER = 32;

    /**
     * The bound, from {@code usage.max.tokens}. Static because the parsers are stateless singletons run on the
     * agent's one writer thread; it is set once when the agent starts, before any call is parsed.
     */
    private static volatile long max = DEFAULT_MAX;

    private TokenCount() {
    }

    public static void setMax(long tokens) {
        max = tokens;
    }

    public static long max() {
        return max;
    }

    /**
     * The count at {@code field}, or {@code null} when the field is absent. A JSON null is refused: use this for
     * the counts an API always sends (prompt and completion totals).
     */
    public static Long read(JsonNode node, String field) {
        return read(node, field, false);
    }

    /**
     * As {@link #read}, and the field must be there: for the totals a usage object always carries (a usage object
     * without its prompt count is not the provider's).
     */
    public static long require(JsonNode node, String field) {
        Long count = read(node, field, false);
        if (count == null) {
            throw invalid(field, "is missing");
        }
        return count;
    }

    /**
     * As {@link #read}, but a JSON null means "not reported": for the counts an API declares nullable (detail
     * counts such as {@code cached_tokens}, the fields a stream's delta leaves out).
     */
    public static Long readNullable(JsonNode node, String field) {
        return read(node, field, true);
    }

    private static Long read(JsonNode node, String field, boolean nullable) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isMissingNode() || (nullable && value.isNull())) {
            return null;
        }
        if (value.isNull()) {
            throw invalid(field, "is null");
        }
        if (value.isTextual()) {
            throw invalid(field, "is a string, not a number");
        }
        if (!value.isNumber()) {
            throw invalid(field, "is not a number");
        }
        if (!value.isIntegralNumber()) {
            throw invalid(field, "is not an integer (" + quote(value.asText()) + ")");
        }
        if (!value.canConvertToLong()) {
            throw invalid(field, "is out of range (" + quote(value.asText()) + ")");
        }
        return checked(field, value.longValue());
    }

    /** A count sent as a response header ({@code X-Amzn-Bedrock-Input-Token-Count}), or {@code null} when absent. */
    public static Long header(String name, String value) {
        if (value == null) {
            return null;
        }
        String digits = value.trim();
        if (digits.startsWith("-") && digits.length() > 1 && allDigits(digits, 1)) {
            throw invalid("header " + name, "is negative (" + quote(digits) + ")");
        }
        if (digits.isEmpty() || !allDigits(digits, 0)) {
            throw invalid("header " + name, "is not an integer");
        }
        try {
            return checked("header " + name, Long.parseLong(digits));
        } catch (NumberFormatException tooLong) {
            throw invalid("header " + name, "is out of range (" + quote(digits) + ")");
        }
    }

    /** {@code parts} added up, or refused when the sum overflows. */
    public static long sum(String what, long... parts) {
        long total = 0;
        try {
            for (long part : parts) {
                total = Math.addExact(total, part);
            }
        } catch (ArithmeticException overflow) {
            throw new InvalidCountException("the sum of " + what + " overflows");
        }
        return total;
    }

    private static long checked(String field, long count) {
        if (count < 0) {
            throw invalid(field, "is negative (" + count + ")");
        }
        if (count > max) {
            throw invalid(field, "is " + count + ", above the bound of " + max + " tokens (usage.max.tokens)");
        }
        return count;
    }

    private static boolean allDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A number is not content, so it may be quoted; a very long one is shortened. */
    private static String quote(String number) {
        return number.length() <= MAX_QUOTED_NUMBER ? number : number.substring(0, MAX_QUOTED_NUMBER) + "…";
    }

    private static InvalidCountException invalid(String field, String problem) {
        return new InvalidCountException("token count " + field + " " + problem);
    }
}
