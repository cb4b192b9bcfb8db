package sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** What the app saw, printed so that a test can compare it with what the server sent. */
final class Results {

    private Results() {
    }

    static void print(String scenario, int status, byte[] body) {
        System.out.println("RESULT " + scenario + " status=" + status + " bytes=" + body.length + " sha256="
                + sha256(body));
    }

    /** A body read line by line: the lines joined with \n. */
    static void printLines(String scenario, int status, List<String> lines) {
        print(scenario, status, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
