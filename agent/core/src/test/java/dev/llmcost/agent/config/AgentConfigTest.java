package dev.llmcost.agent.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {

    @Test
    void agentArgumentsWinOverSystemPropertiesWhichWinOverEnvironment() {
        Properties system = new Properties();
        system.setProperty("llmcost.service.name", "from-property");
        system.setProperty("llmcost.queue.dir", "/from/property");
        Map<String, String> env = Map.of("LLMCOST_SERVICE_NAME", "from-env", "LLMCOST_QUEUE_DIR", "/from/env",
                "LLMCOST_ATTRIBUTE_TEAM", "squad");
        AgentConfig config = AgentConfig.load("service.name=from-args", system, env);
        assertEquals("from-args", config.serviceName());
        assertEquals(Path.of("/from/property"), config.queueDirectory());
        assertEquals("squad", config.teamKey());
        assertEquals("feature", config.featureKey());
    }

    @Test
    void listsContinueAcrossCommasInAgentArguments() {
        AgentConfig config = AgentConfig.load("attributes.extra=tenant,conversation,service.name=api",
                new Properties(), Map.of());
        assertEquals(List.of("tenant", "conversation"), config.extraKeys());
        assertEquals("api", config.serviceName());
    }

    @Test
    void badValuesAndUnknownKeysAreReportedAndDefaultsKept() {
        AgentConfig config = AgentConfig.load("ring.size=lots,quue.dir=/x", new Properties(), Map.of());
        assertEquals(16_384, config.ringSize());
        assertEquals(2, config.problems().size(), config.problems().toString());
        assertTrue(config.problems().get(0).contains("ring.size"));
        assertTrue(config.problems().get(1).contains("quue.dir"));
    }

    @Test
    void theEnvironmentDefaultsToOpenTelemetrysDeploymentEnvironment() {
        Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES",
                "service.name=api, deployment.environment.name=eu%20prod%2C%C3%A9,team=x");
        assertEquals("eu prod,é", AgentConfig.load(null, new Properties(), env).environment());
        // The older key, when the current one is absent.
        assertEquals("staging", AgentConfig.load(null, new Properties(),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=staging")).environment());
        assertEquals("new", AgentConfig.load(null, new Properties(), Map.of("OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment=old,deployment.environment.name=new")).environment());
        // The system property wins over the variable, as in the OpenTelemetry SDK.
        Properties system = new Properties();
        system.setProperty("otel.resource.attributes", "deployment.environment.name=from-property");
        assertEquals("from-property", AgentConfig.load(null, system, env).environment());
        // Neither: no environment, never an invented one; a malformed escape is kept as written.
        assertEquals(null, AgentConfig.load(null, new Properties(), Map.of()).environment());
        assertEquals(null, AgentConfig.load(null, new Properties(),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=api")).environment());
        assertEquals("100%z", AgentConfig.load(null, new Properties(),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=100%z")).environment());
    }

    @Test
    void anExplicitEnvironmentWinsOverOpenTelemetrys() {
        Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=otel",
                "LLMCOST_ENVIRONMENT", "from-env");
        assertEquals("from-env", AgentConfig.load(null, new Properties(), env).environment());
        assertEquals("from-args", AgentConfig.load("environment=from-args", new Properties(), env).environment());
        assertTrue(AgentConfig.load("environment=x", new Properties(), Map.of()).problems().isEmpty());
    }

    @Test
    void ringSizeIsRoundedUpToAPowerOfTwo() {
        assertEquals(1024, AgentConfig.load("ring.size=1000", new Properties(), Map.of()).ringSize());
    }

    @Test
    void serviceNameDefaultsToTheJarOrMainClass() {
        assertEquals("checkout", ServiceNames.fromCommandLine("/opt/app/checkout.jar --port 80"));
        assertEquals("Main", ServiceNames.fromCommandLine("com.example.Main arg"));
        assertFalse(ServiceNames.fromCommandLine(null).isEmpty());
    }

    @Test
    void providerHostsNameSelfHostedServersAndReportBadPairs() {
        AgentConfig config = AgentConfig.load("provider.hosts=GPU-Box.internal:vllm;studio.local:lm_studio;oops",
                new Properties(), Map.of());
        assertEquals(Map.of("gpu-box.internal", "vllm", "studio.local", "lm_studio"), config.providerHosts());
        assertEquals(1, config.problems().size(), config.problems().toString());
    }
}
