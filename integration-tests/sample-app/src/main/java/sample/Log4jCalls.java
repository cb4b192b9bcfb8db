package sample;

import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.apache.logging.log4j.ThreadContext;

import java.util.Map;

/** An app that tags work with Log4j2's ThreadContext instead of SLF4J's MDC. */
final class Log4jCalls {

    private static final OkHttpClient CLIENT = new OkHttpClient.Builder().build();

    private Log4jCalls() {
    }

    static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("log4j-context", base -> {
            ThreadContext.put("feature", "log4j-context");
            ThreadContext.put("customer", "umbrella");
            ThreadContext.put("team", "log4j-team");
            ThreadContext.put("conversation", "conv-42");
            try (Response response = CLIENT.newCall(OkHttpCalls.post(base + "/json", Attribution.CHAT_BODY)).execute()) {
                Results.print("log4j-context", response.code(), response.body().bytes());
            } finally {
                ThreadContext.clearAll();
            }
        });
    }
}
