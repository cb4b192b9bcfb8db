package dev.llmcost.agent.provider.format;

import java.util.List;

/** The messages of an AWS event stream whose CRCs hold, in order, and how the stream ended. */
public record AwsEventStream(List<AwsEventMessage> messages, AwsEventMessage.Framing framing) {
}
