package sample;

import org.slf4j.MDC;

/** The app tags its work the way services do: MDC keys set around a unit of work. */
final class Attribution {

    private Attribution() {
    }

    interface Work {
        void run() throws Exception;
    }

    static void as(String feature, String customer, String team, Work work) throws Exception {
        MDC.put("feature", feature);
        MDC.put("customer", customer);
        MDC.put("team", team);
        try {
            work.run();
        } finally {
            MDC.clear();
        }
    }

    static final String CHAT_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say this is a test\"}]}";
    static final String STREAM_BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
            + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}";
    static final String STREAM_WITHOUT_USAGE_BODY = "{\"model\":\"gpt-4\",\"stream\":true,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}";
}
