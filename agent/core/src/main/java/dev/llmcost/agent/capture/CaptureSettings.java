package dev.llmcost.agent.capture;

/** What every capture shares: limits, the memory budget, the counters, and where finished calls go. */
record CaptureSettings(int requestBodyLimit, int responseBodyLimit, MemoryBudget budget, AgentCounters counters,
                       CallSink sink) {
}
