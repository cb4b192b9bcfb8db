package sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordinary application that calls an OpenAI-compatible API in every way Java apps do, with attribution in
 * its logging context. It knows nothing of llmcost. Usage:
 * {@code java -jar sample-app.jar --base-url http://host:port scenario...}; each scenario prints one
 * {@code RESULT} line, and the app prints {@code DONE} at the end.
 */
public final class SampleApp {

    interface Scenario {
        void run(String baseUrl) throws Exception;
    }

    private SampleApp() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--base-url")) {
                baseUrl = args[++i];
            } else {
                names.add(args[i]);
            }
        }
        Map<String, Scenario> scenarios = scenarios();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.equals("burst")) {
                int count = Integer.parseInt(names.get(++i));
                JdkCalls.burst(baseUrl, count);
                continue;
            }
            if (name.equals("bench")) {
                // bench <warmup> <calls> <plain|stream>: the measured client of the overhead harness
                Class.forName("sample.OpenAiSdkCalls").getMethod("bench", String.class, int.class, int.class,
                        boolean.class).invoke(null, baseUrl, Integer.parseInt(names.get(i + 1)),
                        Integer.parseInt(names.get(i + 2)), names.get(i + 3).equals("stream"));
                i += 3;
                continue;
            }
            Scenario scenario = scenarios.get(name);
            if (scenario == null) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + scenarios.keySet());
            }
            scenario.run(baseUrl);
        }
        System.out.println("DONE");
        // OkHttp's dispatcher threads are not daemons and linger for a minute; a CLI app exits explicitly.
        System.exit(0);
    }

    static Map<String, Scenario> scenarios() {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        JdkCalls.register(scenarios);
        OkHttpCalls.register(scenarios);
        Log4jCalls.register(scenarios);
        HopCalls.register(scenarios);
        optional("sample.OpenAiSdkCalls", scenarios);
        optional("sample.ProviderSdkCalls", scenarios);
        optional("sample.BedrockSdkCalls", scenarios);
        optional("sample.BadInputCalls", scenarios);
        optional("sample.FrameworkCalls", scenarios);
        optional("sample.OwnLibraries", scenarios);
        optional("sample.AttributionSourceCalls", scenarios);
        return scenarios;
    }

    /** Scenario classes that only some builds of the app have (the OkHttp 5 app has no openai-java). */
    private static void optional(String className, Map<String, Scenario> scenarios) {
        try {
            Class.forName(className).getMethod("register", Map.class).invoke(null, scenarios);
        } catch (ClassNotFoundException absent) {
            // not in this build
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
