package dev.llmcost.agent.provider;

import dev.llmcost.agent.provider.openai.OpenAiChatCompletions;

/** The wire formats llmcost reads, each with its parser. */
public enum ApiFormat {
    /** {@code POST …/chat/completions}: OpenAI and every OpenAI-compatible server. */
    OPENAI_CHAT_COMPLETIONS(new OpenAiChatCompletions());

    private final ApiParser parser;

    ApiFormat(ApiParser parser) {
        this.parser = parser;
    }

    public ApiParser parser() {
        return parser;
    }
}
