package dev.llmcost.agent;

import dev.llmcost.agent.attribution.AttributionKeys;
import dev.llmcost.agent.attribution.AttributionReader;
import dev.llmcost.agent.attribution.CarriedAttribution;
import dev.llmcost.agent.capture.AgentCounters;
import dev.llmcost.agent.capture.LlmHttpCaptures;
import dev.llmcost.agent.capture.MemoryBudget;
import dev.llmcost.agent.config.AgentConfig;
import dev.llmcost.agent.instrumentation.HelperRegistry;
import dev.llmcost.agent.instrumentation.InstrumentationInstaller;
import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.JvmAccess;
import dev.llmcost.agent.pipeline.EventPipeline;
import dev.llmcost.agent.provider.TokenCount;
import dev.llmcost.bridge.LlmcostBridge;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Wires the running agent once the bridge is in the bootstrap loader: the pipeline (ring buffer to queue),
 * the capture behind the bridge, and the instrumentation of every module found in the agent jar.
 */
final class AgentRuntime {

    private AgentRuntime() {
    }

    static void start(AgentConfig config, Instrumentation instrumentation, JvmAccess jvm) {
        ClassLoader agentLoader = AgentRuntime.class.getClassLoader();
        TokenCount.setMax(config.usageMaxTokens());
        AgentCounters counters = new AgentCounters();
        EventPipeline pipeline = new EventPipeline(config, UUID.randomUUID().toString(), counters, agentLoader);
        CarriedAttribution attribution = new CarriedAttribution(new AttributionReader(AttributionKeys.from(config)));
        LlmHttpCaptures captures = new LlmHttpCaptures(config, attribution, counters,
                new MemoryBudget(config.memoryBudget()), pipeline);
        pipeline.onQueueUnavailable(captures::deactivate);

        List<InstrumentationModule> modules = new ArrayList<>();
        ServiceLoader.load(InstrumentationModule.class, agentLoader).forEach(modules::add);
        for (InstrumentationModule module : modules) {
            module.prepare(jvm);
        }
        LlmcostBridge.install(new HelperRegistry(agentLoader), captures, attribution);
        InstrumentationInstaller.install(instrumentation, modules, agentLoader);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "llmcost-shutdown"));
    }
}
